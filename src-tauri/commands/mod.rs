//! Every command the UI can call, grouped by domain, registered with tauri-specta so
//! their types (and the events', the error codes and the shared vocabulary's lists) are
//! exported to `ui/src/lib/bindings.ts`. Each command is a short adapter: take the state,
//! call one method of the core's `App` or `Session`, return its result.

mod accounts;
mod agents;
mod app;
mod calls;
mod diagnostics;
mod export;
mod insights;
mod leads;
mod names;
mod sandbox;
mod sdr;
mod sync;
mod webhooks;

pub use names::COMMANDS;

use kaicalls_core::vocab::{CallState, LeadField, PipelineStage};
use kaicalls_core::workbench::TEMPLATE_VARIABLES;
use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri_specta::{Builder, collect_commands, collect_events};

use crate::events;

/// The shared vocabulary's lists, so the UI's filters and forms offer exactly what Rust
/// accepts, in its order (`VOCABULARY` in the bindings).
#[derive(serde::Serialize, specta::Type)]
pub struct Vocabulary {
    /// Call states a filter can offer, in the order a call lives through them.
    pub call_states: [CallState; 8],
    /// Pipeline stages, in order.
    pub pipeline_stages: [PipelineStage; 5],
    /// Fields of a lead the user can edit, in the reference's order.
    pub lead_fields: [LeadField; 12],
    /// The variables KaiCalls fills in a prompt (`{{name}}`, ...), in the reference's order.
    pub template_variables: Vec<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            call_states: CallState::ALL,
            pipeline_stages: PipelineStage::ALL,
            lead_fields: LeadField::ALL,
            template_variables: TEMPLATE_VARIABLES.iter().map(|v| v.to_string()).collect(),
        }
    }
}

/// The command set, shared by the app and the bindings export.
pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            app::app_info,
            app::dial_pending,
            app::dashboard_ready,
            app::prefs_get,
            app::prefs_set,
            app::autostart_get,
            app::autostart_set,
            app::app_quit,
            app::update_check,
            app::update_install,
            diagnostics::diagnostics_get,
            diagnostics::log_folder_open,
            accounts::accounts_list,
            accounts::account_sign_in,
            accounts::account_sign_up,
            accounts::account_explore_sandbox,
            accounts::settings_recover,
            accounts::account_open,
            accounts::account_close,
            accounts::account_remove,
            accounts::notifications_set,
            accounts::origin_consent_revoke,
            calls::calls_list,
            calls::call_get,
            calls::call_open_recording,
            calls::call_place,
            calls::dial_check,
            calls::dials_uncertain,
            calls::dial_dismiss,
            calls::agents_list,
            calls::numbers_list,
            calls::businesses_list,
            agents::agent_get,
            agents::agent_create,
            agents::agent_review,
            agents::agent_save,
            agents::agent_history,
            agents::agent_rollback_review,
            agents::agent_rollback,
            agents::agent_run_gate,
            agents::agent_set_eval_gate,
            agents::agent_draft_get,
            agents::agent_draft_save,
            agents::agent_draft_discard,
            agents::evals_list,
            agents::eval_get,
            agents::eval_save,
            agents::eval_delete,
            agents::evals_run,
            agents::eval_runs_list,
            leads::leads_list,
            leads::leads_pipeline,
            leads::lead_get,
            leads::lead_update,
            leads::outbox_pending,
            leads::leads_mark_seen,
            leads::leads_unread,
            leads::inbox_list,
            leads::inbox_handle,
            export::export_csv,
            leads::sms_send,
            leads::lead_texts,
            insights::search,
            insights::dashboard,
            insights::usage_get,
            insights::usage_kept,
            sdr::sdr_pipeline,
            sdr::sdr_action,
            sdr::sdr_config_get,
            sdr::sdr_config_set,
            sdr::sdr_run,
            sdr::sdr_report,
            sdr::sdr_activity,
            sync::sync_status,
            sync::sync_now,
            webhooks::webhooks_view,
            webhooks::webhooks_register,
            webhooks::webhooks_verify,
            webhooks::webhooks_remove,
            sandbox::sandbox_inbound_call,
            sandbox::sandbox_set_running,
        ])
        .events(collect_events![
            events::CoreChanged,
            events::SessionChanged,
            events::DialRequested,
            events::UnreadChanged,
            events::AppAlert,
            events::NotificationOpened,
        ])
        // One constant: tauri-specta keeps constants in a HashMap, so several would be
        // written in a different order on every export.
        .constant("VOCABULARY", Vocabulary::default())
}

/// The TypeScript the UI imports, generated from the Rust types.
pub fn typescript_bindings() -> Result<String, String> {
    // One file per call: tests export from several threads of one process at once.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("kaicalls-bindings-{}-{n}.ts", std::process::id()));
    builder()
        .export(
            Typescript::default()
                // Counts and ids fit in a JS number: no BigInt on the wire.
                .bigint(BigIntExportBehavior::Number)
                .header("// Generated by `cargo test --test bindings` from the Rust commands. Do not edit.\n"),
            &path,
        )
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string());
    let _ = std::fs::remove_file(&path);
    text
}
