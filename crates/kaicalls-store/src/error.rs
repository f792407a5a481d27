//! The store's one error type.
//!
//! The UI branches on [`Error::code`], never on the message text, so codes are stable: a
//! code is only added when some caller needs to tell it apart, and never renamed. Each
//! variant's doc says whether retrying can help and how the UI should present it.

use std::path::PathBuf;

use kaicalls_vocab::Code;
use rusqlite::ErrorCode;

use crate::outbox::OutboxState;

/// Everything that can go wrong in the offline cache.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `invalid_account_id`: the account id would not make a safe file name. A bug in the
    /// caller, not the user's doing; retrying cannot help.
    #[error(
        "the account id {account_id:?} can't name a cache file: use 1 to 128 letters, digits, '-' or '_'"
    )]
    InvalidAccountId {
        /// The id that was refused.
        account_id: String,
    },

    /// `account_mismatch`: the file on disk belongs to another account (someone renamed or
    /// copied cache files). Retrying cannot help; the app should resync into a new file.
    #[error("the offline cache at {path} belongs to account {found:?}, not {expected:?}")]
    AccountMismatch {
        /// The database file.
        path: PathBuf,
        /// The account the caller asked for.
        expected: String,
        /// The account recorded in the file.
        found: String,
    },

    /// `data_dir_error`: the cache folder or file could not be created or moved
    /// (permissions, missing drive). Show the message; retrying helps only once the user fixes the cause.
    #[error("could not {action} {path}: {source}")]
    Io {
        /// What the store was doing, in plain words ("create the folder", …).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// `schema_too_new`: the file was written by a newer KaiCalls Desktop. The file is
    /// left alone; the UI should ask the user to update the app.
    #[error("the offline cache was made by a newer version of KaiCalls Desktop: update the app")]
    SchemaTooNew,

    /// `migration_failed`: upgrading the file's schema failed and was rolled back. Retrying
    /// will fail the same way; report it as a bug.
    #[error("the offline cache could not be upgraded: {0}")]
    Migration(#[source] rusqlite_migration::Error),

    /// `corrupt`: SQLite found the file damaged while it was in use. Retrying cannot help:
    /// the app sets the file aside ([`Store::set_aside`](crate::Store::set_aside)), opens a
    /// fresh one and resyncs, and tells the user so (`cache_rebuilt`).
    #[error("the offline cache file is damaged: {0}")]
    Corrupt(#[source] rusqlite::Error),

    /// `busy`: another process held the database longer than the busy timeout. Retrying
    /// shortly usually works; show nothing unless it persists.
    #[error("the offline cache is busy in another process: {0}")]
    Busy(#[source] rusqlite::Error),

    /// `disk_full`: nothing was written. Tell the user to free disk space, then retry.
    #[error("the disk is full, so the offline cache could not be saved")]
    DiskFull(#[source] rusqlite::Error),

    /// `storage`: any other SQLite failure. Retrying rarely helps; show the message.
    #[error("the offline cache could not be read or written: {0}")]
    Sqlite(#[source] rusqlite::Error),

    /// `invalid_item`: an item from the server could not be cached (not a JSON object, or
    /// no id). The whole page was refused; retrying the same page fails the same way.
    #[error("a {collection} item from the server can't be cached: {reason}")]
    InvalidItem {
        /// The collection being written.
        collection: &'static str,
        /// What was wrong, in plain words.
        reason: String,
    },

    /// `invalid_cursor`: a page cursor that this store did not make. A caller bug; start
    /// again from the first page.
    #[error("the page cursor {0:?} was not made by this cache: start from the first page")]
    InvalidCursor(String),

    /// `invalid_edit`: a lead edit with no fields, an unknown field or a bad status value.
    /// Show the message next to the edited field; retrying the same edit cannot help.
    #[error("the lead edit can't be saved: {0}")]
    InvalidEdit(String),

    /// `not_cached`: the cache has no such item (it was never synced, or was removed).
    #[error("there is no {what} with id {id:?} in the offline cache")]
    NotFound {
        /// What was looked for ("lead", "outbox entry", …).
        what: &'static str,
        /// The id that was looked for.
        id: String,
    },

    /// `outbox_resolved`: an outbox entry was already applied or superseded. The sync
    /// engine raced with itself; safe to ignore after logging.
    #[error("lead edit {id} is already {state}")]
    OutboxResolved {
        /// The outbox entry.
        id: i64,
        /// The state it is already in.
        state: OutboxState,
    },
}

impl Error {
    /// A stable, machine-readable code for the UI to branch on.
    pub fn code(&self) -> Code {
        match self {
            Error::InvalidAccountId { .. } => Code::InvalidAccountId,
            Error::AccountMismatch { .. } => Code::AccountMismatch,
            Error::Io { .. } => Code::DataDirError,
            Error::SchemaTooNew => Code::SchemaTooNew,
            Error::Migration(_) => Code::MigrationFailed,
            Error::Corrupt(_) => Code::Corrupt,
            Error::Busy(_) => Code::Busy,
            Error::DiskFull(_) => Code::DiskFull,
            Error::Sqlite(_) => Code::Storage,
            Error::InvalidItem { .. } => Code::InvalidItem,
            Error::InvalidCursor(_) => Code::InvalidCursor,
            Error::InvalidEdit(_) => Code::InvalidEdit,
            Error::NotFound { .. } => Code::NotCached,
            Error::OutboxResolved { .. } => Code::OutboxResolved,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Whether SQLite says the file itself is damaged (as opposed to busy, full or misused).
pub(crate) fn is_corruption(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Corrupt(err),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy(err),
            Some(ErrorCode::DiskFull) => Error::DiskFull(err),
            _ => Error::Sqlite(err),
        }
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(err: rusqlite_migration::Error) -> Self {
        use rusqlite_migration::{Error as M, MigrationDefinitionError, SchemaVersionError};
        match err {
            M::MigrationDefinition(MigrationDefinitionError::DatabaseTooFarAhead)
            | M::SpecifiedSchemaVersion(SchemaVersionError::TooHigh) => Error::SchemaTooNew,
            M::RusqliteError { err, .. } if is_corruption(&err) => Error::Corrupt(err),
            other => Error::Migration(other),
        }
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
