//! Versioned migrations.
//!
//! The rule: a migration that has shipped is never edited. Every schema change is a new
//! SQL file appended to [`MIGRATIONS`]; `rusqlite_migration` records the version in
//! SQLite's `user_version` and applies what is missing in one transaction at open. A file
//! whose version is higher than this build knows is refused with `schema_too_new` rather
//! than guessed at.

use rusqlite_migration::{M, Migrations};

const STEPS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_search_terms.sql")),
    M::up(include_str!("../migrations/0003_call_indexes.sql")),
    M::up(include_str!("../migrations/0004_agent_workbench.sql")),
    M::up(include_str!("../migrations/0005_dials.sql")),
    M::up(include_str!("../migrations/0006_inbox.sql")),
    M::up(include_str!("../migrations/0007_quarantine.sql")),
];

/// Every migration, oldest first.
pub(crate) const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version a freshly opened store is at (SQLite's `user_version`).
pub const SCHEMA_VERSION: usize = STEPS.len();
