//! The offline cache of KaiCalls Desktop.
//!
//! Everything the app has seen from the server (businesses, agents, numbers, calls, leads,
//! transcripts) is kept in one SQLite file per account, so every screen can be browsed and
//! searched with no network. The sync engine (in `kaicalls-core`) fills it page by page
//! with [`Store::write_page`], which commits the items and the sync cursor together; the
//! webhook receiver de-duplicates deliveries with [`Store::record_event`]; lead edits made
//! offline wait in an outbox until they can be sent.
//!
//! The store knows nothing of the API client's types. It takes the server's JSON as it
//! came, merges it into the stored copy and derives the columns it lists and filters on,
//! keeping every key in a `raw` column so nothing the server sent is lost.
//!
//! ```
//! use kaicalls_store::{Collection, PageRequest, SearchOptions, Store, SyncState, CallFilter};
//! use serde_json::json;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let (mut store, outcome) = Store::open(dir.path(), "uuid-biz456")?;
//! assert!(!outcome.rebuilt);
//!
//! // One page from GET /api/v1/calls, stored with the cursor that follows it.
//! let page = vec![json!({
//!     "id": "uuid-call789", "status": "completed", "duration": 127,
//!     "agent_id": "uuid-abc123", "created_at": "2026-02-15T14:30:00Z",
//!     "summary": "Confirmed appointment with John for tomorrow at 2pm."
//! })];
//! let state = SyncState { cursor: Some("2026-02-15T14:30:00Z".into()), ..SyncState::default() };
//! let written = store.write_page(Collection::Calls, &page, &state)?;
//! assert_eq!(written.inserted, 1);
//! // The same page again changes nothing.
//! assert!(!store.write_page(Collection::Calls, &page, &state)?.changed());
//!
//! let calls = store.list_calls(&CallFilter::default(), &PageRequest::first(50))?;
//! assert_eq!(calls.items[0].duration_seconds, Some(127));
//!
//! let hits = store.search("appoint", &SearchOptions::default())?;
//! assert_eq!(hits[0].snippet, "Confirmed \u{2}appointment\u{3} with John for tomorrow at 2pm.");
//! # Ok(())
//! # }
//! ```

mod analytics;
mod aside;
mod breakdown;
mod dials;
mod error;
mod extract;
mod inbox;
mod model;
mod open;
mod outbox;
mod quarantine;
mod query;
mod row_keys;
mod schema;
mod search;
mod sms;
mod sync_state;
mod terms;
mod time;
mod upsert;
mod webhook_dedup;
mod workbench;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use analytics::{
    CallVolume, CallVolumeQuery, DayVolume, Funnel, FunnelQuery, FunnelStage, MAX_DAYS,
    PipelineCounts,
};
pub use breakdown::{AgentFigures, BusinessFigures, Figures, Window};
pub use dials::{Dial, DialBegin, DialState, NewDial};
pub use error::{Error, Result};
pub use inbox::{InboxItem, InboxKind};
pub use model::{Agent, Business, Call, Collection, Lead, PhoneNumber, Transcript};
pub use open::{BUSY_TIMEOUT, OpenOutcome, validate_account_id};
pub use outbox::{OutboxEntry, OutboxState};
pub use quarantine::{Quarantined, Unread};
pub use query::{
    CallFilter, DateRange, LeadFilter, MAX_PAGE_SIZE, Page, PageRequest, TranscriptFilter,
};
pub use schema::SCHEMA_VERSION;
pub use search::{
    HIGHLIGHT_END, HIGHLIGHT_START, MAX_SEARCH_RESULTS, MIN_PREFIX_CHARS, RANK_WINDOW, SearchHit,
    SearchKind, SearchOptions, SearchPage, SnippetPart, fts_query, split_highlights,
};
pub use sms::{NewSms, SmsFilter, SmsSent};
pub use sync_state::SyncState;
pub use terms::MAX_COMPLETIONS;
pub use upsert::{PageWrite, UpsertOutcome};
pub use webhook_dedup::event_key;
pub use workbench::{AgentVersion, EvalRunRecord, NewAgentVersion};

/// One account's offline cache: an open SQLite connection to `<dir>/<account_id>.sqlite3`.
///
/// Reads take `&self`, writes `&mut self`; a `Store` is `Send` but not `Sync`, so share it
/// behind a mutex or give it a thread of its own. Several `Store`s may open the same file
/// (WAL lets readers and one writer work at once); [`Store::connect_again`] does so cheaply.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    account_id: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The account this cache belongs to.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The schema version of the open file (equal to [`SCHEMA_VERSION`] after `open`).
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or_default())
    }
}
