//! The sync engine: keeps the offline cache a faithful copy of the account's calls,
//! leads, transcripts, agents, numbers and businesses, and sends lead edits queued
//! offline.
//!
//! KaiCalls v1 delivers each webhook once and never retries, so this engine, not the
//! webhook receiver, is what guarantees that no lead or call is ever missed.
//!
//! # A pass
//!
//! 1. **Outbox**: queued lead edits are sent in order (see `replay` for the conflict rule).
//! 2. **Small lists**: agents, numbers and businesses are fetched whole and mirrored.
//! 3. **Calls, leads, transcripts** are walked newest first. The first time, to the end
//!    (the backfill, with an estimated total for the progress bar); after that only down
//!    to the high-water mark (the newest `created_at` already stored), so a pass with
//!    nothing new costs one request per collection. Each page is written in one
//!    transaction with its cursor: a crash at any moment resumes without gaps or
//!    duplicates. Transcripts are read over the API's longest look-back, 90 days; their
//!    first download runs beside calls and leads (it has its own rate-limit budget).
//! 4. **Follow-ups** of what a newest-first walk cannot see: calls the cache holds as
//!    active are re-read with `GET /calls?id=` until final; a call that ends gets its
//!    lead re-read; the transcripts walk reaches down to calls that ended since.
//!
//! After a successful pass the run loop also reads, in the background and a batch at a
//! time, the details of the older calls the first download saw only in the list (which
//! names no caller or direction); see `details`.
//!
//! # Leads edited on the server
//!
//! The leads list is ordered by `created_at`, so an old lead edited on the server is not
//! among the new items. Three things catch such edits: every incremental walk re-reads
//! the newest page (100 leads, where most activity is); a lead touched by a call that
//! ended is re-read with its details; and every `leads_rewalk_every` (default an hour,
//! and at the first pass after the app starts) all leads are re-read, a few dozen
//! requests even for thousands of leads. Leads deleted on the server are not removed from
//! the cache (the API has no way to delete a lead and no tombstones to learn of it).
//!
//! # Freshness
//!
//! Leads written by the first full download are announced with `fresh: false` (no
//! notification flood when an empty cache fills); every new lead found after it is
//! `fresh: true`.
//!
//! # Offline
//!
//! The client already waits for its rate-limit buckets and retries idempotent requests.
//! When a pass still fails because the network is down (`offline`, `timeout`,
//! `transport_error`), the engine reports [`SyncPhase::Offline`](crate::SyncPhase) and
//! retries with exponential backoff (5 s doubling to 5 min, jittered); any other failure
//! (a revoked key, a server fault) keeps the phase `Online` with `last_error` set. Every
//! change of phase or of the last success time is published as `CoreEvent::SyncStatus`.

mod backoff;
mod collection;
mod details;
mod engine;
mod estimate;
mod follow;
mod lists;
mod replay;
mod run;
mod sources;
mod status;
mod unread;
mod walk;

pub use backoff::BackoffConfig;
pub use collection::CollectionReport;
pub use engine::{SyncConfig, SyncEngine, SyncReport};
pub use follow::{FollowUpReport, call_lacks_details};
pub use lists::ListsReport;
pub(crate) use lists::keep_balance;
pub use replay::ReplayReport;
pub use run::{SyncHandle, SyncResult};
pub use status::SyncStatus;
pub(crate) use status::is_unreachable;
