//! CSV export: the core writes the rows (`Session::export_csv`), Rust asks the user where
//! to save them with the platform's save dialog, and writes the file whole or not at all.
//! The window names what to export, never a path.

use std::path::Path;

use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppError, ExportRequest, Exported};
use tauri::{AppHandle, State, Wry};
use tauri_plugin_dialog::DialogExt;

/// Asks where to save the export of `request` (a CSV of every row as filtered), then
/// writes it. `path: None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_csv(
    handle: AppHandle<Wry>,
    app: State<'_, App>,
    request: ExportRequest,
) -> Result<Exported, AppError> {
    let session = app.session().await?;
    let name = format!("kaicalls-{}-{}.csv", request.kind.file_stem(), today());
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        handle
            .dialog()
            .file()
            .add_filter("CSV (spreadsheet)", &["csv"])
            .set_file_name(name)
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::new(Code::Interrupted, e.to_string()))?;
    let Some(chosen) = chosen else {
        return Ok(Exported {
            rows: 0,
            path: None,
        });
    };
    let path = chosen.into_path().map_err(|e| {
        AppError::new(
            Code::ExportFailed,
            format!("That place cannot hold a file: {e}"),
        )
    })?;
    let (bytes, rows) = session.export_csv(request).await?;
    write_whole(&path, &bytes)?;
    Ok(Exported {
        rows,
        path: Some(path.display().to_string()),
    })
}

/// Today as `YYYY-MM-DD`, for the suggested file name.
fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Writes beside the target, then renames over it: an interrupted export leaves no half
/// file with the chosen name.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let failed = |e: std::io::Error| {
        AppError::new(
            Code::ExportFailed,
            format!("The export could not be saved to {}: {e}", path.display()),
        )
    };
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    std::fs::write(&part, bytes).map_err(failed)?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        failed(e)
    })
}
