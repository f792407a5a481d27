//! The app's log: what support asks for when something went wrong.
//!
//! Everything in the app logs with `tracing`, so the log file is one more `tracing`
//! layer (`tracing-appender`'s rolling file, written off the calling thread) beside the
//! terminal's, set up here rather than in the Tauri shell so that the tests that drive the
//! whole app without a window write the very same file and can search it for secrets
//! (`tests/no_secrets_on_disk.rs`). A third layer keeps the last warnings and errors in
//! memory for "Copy diagnostics".
//!
//! - **Where**: [`choose_dir`]: `KAICALLS_LOG_DIR`, else `logs/` in a data folder chosen
//!   with `KAICALLS_DATA_DIR` (tests, portable use), else the platform's log folder (the
//!   shell asks Tauri for it). The folder is owner-only, like the data folder.
//! - **How much**: a file a day (`kaicalls-desktop.YYYY-MM-DD.log`), the newest
//!   [`KEPT_FILES`] kept, so a machine left running for months does not fill up.
//! - **No secrets**: nothing logs an API key, a webhook secret or a receiver's URL path
//!   (URLs are logged through `webhook_setup::shown_url` or as an origin only).

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use parking_lot::{Mutex, RwLock};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_appender::non_blocking::{NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{EnvFilter, LevelFilter};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::writer::OptionalWriter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// The environment variable that puts the log somewhere else (tests, portable use).
pub const LOG_DIR_ENV: &str = "KAICALLS_LOG_DIR";
/// Log files start with this, then the day, then `.log`.
pub const FILE_PREFIX: &str = "kaicalls-desktop";
/// How many daily files are kept: a week, enough to cover "it happened last Tuesday".
pub const KEPT_FILES: usize = 7;
/// How many warnings and errors diagnostics show.
const RECENT_PROBLEMS: usize = 20;

/// Where the log goes: `log_dir_env` (the value of [`LOG_DIR_ENV`]) when set, else
/// `logs/` in `data_dir` when the data folder was chosen for this run, else `None`: the
/// platform's log folder, which only the shell can name.
pub fn choose_dir(log_dir_env: Option<String>, data_dir: Option<&Path>) -> Option<PathBuf> {
    match log_dir_env.filter(|d| !d.trim().is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => data_dir.map(|d| d.join("logs")),
    }
}

/// How [`install`] sets the process up.
#[derive(Debug, Clone)]
pub struct LogOptions {
    /// The filter when `RUST_LOG` is not set (an `EnvFilter` directive).
    pub default_filter: String,
    /// Also print to the terminal (the app; tests keep their output readable without).
    pub stderr: bool,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            default_filter: "info".into(),
            stderr: true,
        }
    }
}

/// The process's log: the file it writes (once [`Logging::write_to`] names a folder) and
/// the recent problems. One per process, made by [`install`].
pub struct Logging {
    file: FileSlot,
    guard: Mutex<Option<WorkerGuard>>,
    dir: Mutex<Option<PathBuf>>,
    recent: Recent,
    installed: bool,
}

static LOGGING: OnceLock<Logging> = OnceLock::new();

/// Sets up `tracing` for the process (the first call does; later ones return the same
/// [`Logging`] and ignore `options`). If something else already installed a global
/// subscriber, nothing of ours receives events: [`Logging::installed`] says so.
pub fn install(options: LogOptions) -> &'static Logging {
    LOGGING.get_or_init(|| {
        let file = FileSlot::default();
        let recent = Recent::default();
        let filter = || {
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new(&options.default_filter))
        };
        let stderr = options.stderr.then(|| {
            tracing_subscriber::fmt::layer()
                .with_writer(io::stderr)
                .with_filter(filter())
        });
        let to_file = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(file.clone())
            .with_filter(filter());
        // Warnings and errors whatever RUST_LOG says: they are what diagnostics are for.
        let problems = recent.clone().with_filter(LevelFilter::WARN);
        let installed = tracing_subscriber::registry()
            .with(stderr)
            .with(to_file)
            .with(problems)
            .try_init()
            .is_ok();
        Logging {
            file,
            guard: Mutex::new(None),
            dir: Mutex::new(None),
            recent,
            installed,
        }
    })
}

/// The process's [`Logging`], if [`install`] was called.
pub fn get() -> Option<&'static Logging> {
    LOGGING.get()
}

impl Logging {
    /// Starts writing the log to files in `dir` (created owner-only), instead of any
    /// folder before. Returns the folder.
    pub fn write_to(&self, dir: &Path) -> io::Result<PathBuf> {
        crate::private_fs::create_dir(dir)?;
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix("log")
            .max_log_files(KEPT_FILES)
            .build(dir)
            .map_err(io::Error::other)?;
        let (writer, guard) = NonBlockingBuilder::default()
            .thread_name("kaicalls-log")
            .finish(appender);
        *self.file.0.write() = Some(writer);
        // The previous folder's writer (if any) flushes as its guard goes.
        *self.guard.lock() = Some(guard);
        *self.dir.lock() = Some(dir.to_path_buf());
        Ok(dir.to_path_buf())
    }

    /// Writes out every line logged so far and closes the file (at exit, or before a test
    /// reads it). Lines logged afterwards go nowhere until [`Logging::write_to`].
    pub fn flush(&self) {
        self.file.0.write().take();
        // Dropping the guard waits for the writer thread to write what it holds.
        drop(self.guard.lock().take());
    }

    /// The folder the log is written to, if any.
    pub fn dir(&self) -> Option<PathBuf> {
        self.dir.lock().clone()
    }

    /// Whether this process's events reach this log (false when another global
    /// subscriber was installed first).
    pub fn installed(&self) -> bool {
        self.installed
    }

    /// The last warnings and errors, oldest first, one line each.
    pub fn recent_problems(&self) -> Vec<String> {
        self.recent.0.lock().iter().cloned().collect()
    }
}

/// The file writer, swapped in once the folder is known (the platform's log folder is
/// known only after Tauri has started); until then lines go to the terminal only.
#[derive(Clone, Default)]
struct FileSlot(Arc<RwLock<Option<NonBlocking>>>);

impl<'a> MakeWriter<'a> for FileSlot {
    type Writer = OptionalWriter<NonBlocking>;

    fn make_writer(&'a self) -> Self::Writer {
        match self.0.read().clone() {
            Some(writer) => OptionalWriter::some(writer),
            None => OptionalWriter::none(),
        }
    }
}

/// The last [`RECENT_PROBLEMS`] warnings and errors, as text.
#[derive(Clone, Default)]
struct Recent(Arc<Mutex<VecDeque<String>>>);

impl<S: Subscriber> Layer<S> for Recent {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        if *meta.level() > Level::WARN {
            return;
        }
        let mut text = FieldText::default();
        event.record(&mut text);
        let line = format!(
            "{} {} {}: {}{}",
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ"),
            meta.level(),
            meta.target(),
            text.message,
            text.fields
        );
        let mut recent = self.0.lock();
        if recent.len() == RECENT_PROBLEMS {
            recent.pop_front();
        }
        recent.push_back(line);
    }
}

/// An event's message and fields as the terminal shows them (`message key=value`).
#[derive(Default)]
struct FieldText {
    message: String,
    fields: String,
}

impl Visit for FieldText {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.fields.push_str(&format!(" {}={value}", field.name()));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.fields
                .push_str(&format!(" {}={value:?}", field.name()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_the_variable_then_the_chosen_data_folder_then_the_platforms() {
        let data = Path::new("/data");
        assert_eq!(
            choose_dir(Some("/logs".into()), Some(data)),
            Some(PathBuf::from("/logs"))
        );
        assert_eq!(
            choose_dir(Some("  ".into()), Some(data)),
            Some(PathBuf::from("/data/logs"))
        );
        assert_eq!(choose_dir(None, None), None);
    }

    #[test]
    fn recent_problems_keep_the_last_warnings_and_errors_only() {
        let recent = Recent::default();
        let subscriber = tracing_subscriber::registry().with(recent.clone());
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!("not a problem");
            for n in 0..RECENT_PROBLEMS + 2 {
                tracing::warn!(n, "problem");
            }
            tracing::error!(code = "offline", "the last one");
        });
        let lines: Vec<String> = recent.0.lock().iter().cloned().collect();
        assert_eq!(lines.len(), RECENT_PROBLEMS);
        assert!(lines.iter().all(|l| !l.contains("not a problem")));
        let last = lines.last().map(String::as_str).unwrap_or_default();
        assert!(
            last.contains("ERROR") && last.ends_with("the last one code=offline"),
            "{last}"
        );
        assert!(lines[0].ends_with("problem n=3"), "{}", lines[0]);
    }
}
