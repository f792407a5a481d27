//! Opening a store: one file per account, pragmas, migrations, and what to do with a
//! damaged file.
//!
//! The cache can always be rebuilt from the server, so a damaged file is not worth a
//! repair attempt: it is moved aside (kept for a bug report, never deleted) and a fresh
//! file takes its place. Only SQLite's own "damaged" verdicts trigger that; a busy, locked,
//! unreadable or too-new file is reported as an error and left exactly as it is.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::aside::move_aside;
use crate::error::{Error, Result, is_corruption};
use crate::schema::MIGRATIONS;
use crate::time::now_ms;

/// How long a statement waits for another connection's lock before giving up with `busy`.
/// Long enough to outlast a sync page commit, short enough that the UI never looks hung.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest account id accepted.
const MAX_ACCOUNT_ID_LEN: usize = 128;

/// Names Windows reserves for devices, with any extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// What [`Store::open`] had to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenOutcome {
    /// The file was damaged and a fresh, empty cache was created: tell the user and resync.
    pub rebuilt: bool,
    /// Where the damaged file was moved (its `-wal`/`-shm` files sit beside it with the
    /// same name plus their suffix, so the set can still be opened for a bug report).
    pub moved_to: Option<PathBuf>,
}

/// Checks that `account_id` names a file inside the cache folder and nowhere else: no
/// separators, dots, drive letters or device names can get through.
pub fn validate_account_id(account_id: &str) -> Result<()> {
    let ok = !account_id.is_empty()
        && account_id.len() <= MAX_ACCOUNT_ID_LEN
        && account_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !RESERVED.contains(&account_id.to_ascii_lowercase().as_str());
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidAccountId {
            account_id: account_id.to_owned(),
        })
    }
}

/// Why one attempt to open failed.
enum Failure {
    /// SQLite says the file is damaged: move it aside and start again.
    Damaged,
    /// Anything else: report it and leave the file alone.
    Other(Error),
}

impl From<rusqlite::Error> for Failure {
    fn from(err: rusqlite::Error) -> Self {
        if is_corruption(&err) {
            Failure::Damaged
        } else {
            Failure::Other(err.into())
        }
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        match err {
            Error::Corrupt(_) => Failure::Damaged,
            other => Failure::Other(other),
        }
    }
}

impl Store {
    /// Opens (creating if needed) the cache of `account_id` at `<dir>/<account_id>.sqlite3`.
    ///
    /// Creates `dir` if it is missing, checks the file with `PRAGMA quick_check`, applies
    /// pending migrations, and turns on WAL, foreign keys and the busy timeout. A damaged
    /// file is moved aside and replaced by an empty cache; the returned [`OpenOutcome`]
    /// says so, so the app can tell the user and resync everything from the server.
    pub fn open(dir: impl AsRef<Path>, account_id: &str) -> Result<(Store, OpenOutcome)> {
        validate_account_id(account_id)?;
        let dir = dir.as_ref();
        fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
        let path = dir.join(format!("{account_id}.sqlite3"));

        // A file that is not SQLite at all is moved aside before SQLite opens it: closing a
        // connection to it would delete a `-wal` file we want to keep beside it.
        let first = if looks_like_sqlite(&path)? {
            connect(&path, account_id)
        } else {
            Err(Failure::Damaged)
        };
        let (conn, outcome) = match first {
            Ok(conn) => (conn, OpenOutcome::default()),
            Err(Failure::Other(err)) => return Err(err),
            Err(Failure::Damaged) => {
                let moved_to = move_aside(&path)?;
                let conn = match connect(&path, account_id) {
                    Ok(conn) => conn,
                    Err(Failure::Other(err)) => return Err(err),
                    Err(Failure::Damaged) => {
                        return Err(Error::io(
                            "create a fresh cache at",
                            &path,
                            std::io::Error::other(
                                "the new file was damaged as soon as it was made",
                            ),
                        ));
                    }
                };
                let outcome = OpenOutcome {
                    rebuilt: true,
                    moved_to: Some(moved_to),
                };
                (conn, outcome)
            }
        };
        let store = Store {
            conn,
            path,
            account_id: account_id.to_owned(),
        };
        Ok((store, outcome))
    }

    /// Deletes the cache of `account_id` in `dir` (the database and its `-wal`/`-shm`
    /// files), for an account the user removed. Files already gone are not an error.
    pub fn delete_files(dir: impl AsRef<Path>, account_id: &str) -> Result<()> {
        validate_account_id(account_id)?;
        let path = dir.as_ref().join(format!("{account_id}.sqlite3"));
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            match fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("delete", Path::new(&file), e)),
            }
        }
        Ok(())
    }

    /// Opens another connection to the same file, for a second thread (say, the UI
    /// reading while sync writes: WAL lets both proceed). It skips the integrity check and
    /// migrations that [`Store::open`] already did, which on a large cache take a second.
    pub fn connect_again(&self) -> Result<Store> {
        Ok(Store {
            conn: configure(&self.path)?,
            path: self.path.clone(),
            account_id: self.account_id.clone(),
        })
    }
}

/// The first 16 bytes of every SQLite database (an empty or missing file is a new one).
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn looks_like_sqlite(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let mut head = Vec::with_capacity(MAGIC.len());
    file.by_ref()
        .take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(head.is_empty() || head == MAGIC)
}

/// A connection with the store's settings, nothing checked yet.
fn configure(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // The first statement that reads the file: a file that is not a database fails here.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    // With WAL, NORMAL never corrupts (commits are not fsynced, checkpoints are); a power
    // cut may lose the last commits, which the next sync fetches again. The standard
    // setting for a WAL cache.
    conn.pragma_update(None, "synchronous", "normal")?;
    // Statement journals and the write path's staging tables in memory rather than in
    // temp files: every multi-row write (a sync page) opens a statement journal.
    conn.pragma_update(None, "temp_store", "memory")?;
    // 16 MiB of page cache per connection (the default is 2 MB): a sync batch touches the
    // tables, their indexes and the FTS5 segments being merged. Together with temp_store:
    // ~1.6 s instead of ~2.1 s of CPU for the bench's 25k-item write, in a few noisy runs.
    conn.pragma_update(None, "cache_size", -16_384)?;
    // rusqlite keeps 16 prepared statements by default; a sync's write path alone uses
    // about that many per collection (staging, lookups, row keys, vocabulary, quarantine,
    // cursor) and alternates between collections, so statements were prepared again and
    // again (~3 % of the write's CPU).
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // Checkpoint every 8000 WAL pages (~32 MiB) rather than 1000: a first sync rewrites
    // the same B-tree and FTS5 pages in commit after commit, and each checkpoint copies
    // them back into the file and syncs it; with 1000 pages a quarter of the sync's wall
    // time went there. Each commit stays atomic and durable in the WAL either way (crash
    // safety does not depend on checkpoints). The WAL is cut back to 4 MiB once a
    // checkpoint has emptied it, so the file on disk does not stay large.
    conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
    conn.pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)?;
    Ok(conn)
}

/// WAL pages between automatic checkpoints (see [`configure`]).
const WAL_CHECKPOINT_PAGES: i64 = 8000;

/// What the WAL is cut back to after a checkpoint (see [`configure`]).
const WAL_KEPT_BYTES: i64 = 4 * 1024 * 1024;

/// Prepared statements kept per connection (see [`configure`]).
const STATEMENT_CACHE: usize = 128;

fn connect(path: &Path, account_id: &str) -> Result<Connection, Failure> {
    let mut conn = configure(path)?;
    quick_check(&conn)?;
    MIGRATIONS.to_latest(&mut conn).map_err(Error::from)?;
    check_account(&conn, path, account_id)?;
    Ok(conn)
}

/// `PRAGMA quick_check` of every ordinary table and its indexes, one table at a time. A
/// whole-file quick_check also runs FTS5's integrity check (SQLite 3.44 on), which walks
/// every search index term by term: on 10k transcripts it was about half of the start's
/// cache opening (~60 of ~130 ms, perf), and it grows with the index. The indexes' own
/// B-trees (their shadow tables) are still checked here; damage inside their pages (which
/// searches answer with nothing, not an error) is left to `Store::search_indexes_sound`,
/// which the app runs once a session has started and mends by rebuilding the index. Per
/// table, SQLite skips only the whole-file page accounting (a page no table uses), which
/// loses no data.
fn quick_check(conn: &Connection) -> Result<(), Failure> {
    let tables = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for table in std::iter::once("sqlite_schema".to_owned()).chain(tables) {
        if !checks_ok(conn, &table)? {
            return Err(Failure::Damaged);
        }
    }
    Ok(())
}

/// Whether `PRAGMA quick_check` of one table (with its indexes; for an FTS5 table, FTS5's
/// own check) answers a single "ok". The first ten complaints are read, no more.
pub(crate) fn checks_ok(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare(&format!(
        "PRAGMA quick_check(\"{}\")",
        table.replace('"', "\"\"")
    ))?;
    let verdicts = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .take(10)
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(verdicts.len() == 1 && verdicts.first().is_some_and(|v| v == "ok"))
}

/// Records which account the file belongs to, or checks it: a file copied or renamed from
/// another account must not show that account's data.
fn check_account(conn: &Connection, path: &Path, account_id: &str) -> Result<(), Failure> {
    let found: Option<String> = conn
        .query_row("SELECT id FROM account LIMIT 1", [], |r| r.get(0))
        .optional()?;
    match found {
        None => {
            conn.execute(
                "INSERT INTO account (id, created_ms) VALUES (?1, ?2)",
                rusqlite::params![account_id, now_ms()],
            )?;
            Ok(())
        }
        Some(found) if found == account_id => Ok(()),
        Some(found) => Err(Failure::Other(Error::AccountMismatch {
            path: path.to_owned(),
            expected: account_id.to_owned(),
            found,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_cannot_leave_the_folder() {
        for bad in [
            "", ".", "..", "../x", "a/b", "a\\b", "C:x", "a.b", "con", "NUL", "lpt1", "a b", "é",
            "a\0b",
        ] {
            assert!(validate_account_id(bad).is_err(), "{bad:?} accepted");
        }
        let long = "a".repeat(129);
        assert!(validate_account_id(&long).is_err());
        for good in ["uuid-biz456", "acct_1", "0a1B-2c3D", "console"] {
            assert!(validate_account_id(good).is_ok(), "{good:?} refused");
        }
    }
}
