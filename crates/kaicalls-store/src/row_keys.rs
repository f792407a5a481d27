//! Time-ordered row keys for the rows a batch writes.
//!
//! Why time-ordered: the FTS5 indexes are keyed by this rowid, and FTS5 walks rowids in
//! order for free. With time-ordered keys "the newest N matches" is a cheap rowid range,
//! which is what keeps ranked search fast on 100k transcripts (see `search.rs`). Seconds
//! rather than milliseconds keep the rowid gaps between neighbours small: FTS5 stores them
//! as varints in every posting, and millisecond keys made the index half again as large.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Row keys per second of `created_at`: rows get `pk = created_secs * 64 + n`.
pub(crate) const PK_SLOTS: i64 = 64;

/// The first and last row key of the second `created_ms` falls in, if in range.
fn second_of(created_ms: i64) -> Option<(i64, i64)> {
    let lo = created_ms.div_euclid(1000).checked_mul(PK_SLOTS)?;
    Some((lo, lo.checked_add(PK_SLOTS - 1)?))
}

/// Hands out row keys for one batch.
///
/// What the table holds in each second the batch needs is read up front in one query
/// ([`PkSlots::load`]); keys handed out in this batch are remembered beside it, as the
/// rows of a batch are written together at the end.
pub(crate) struct PkSlots {
    /// Per second (as its first key): the highest key taken there, if any.
    taken: HashMap<i64, Option<i64>>,
}

impl PkSlots {
    /// Reads, for every second of `times` (`created_ms`), the highest key `table` holds
    /// in it: one statement, one rowid seek per distinct second.
    pub(crate) fn load(
        conn: &Connection,
        table: &str,
        times: impl Iterator<Item = i64>,
    ) -> Result<PkSlots> {
        let mut seconds: Vec<i64> = times.filter_map(|ms| Some(second_of(ms)?.0)).collect();
        seconds.sort_unstable();
        seconds.dedup();
        let mut taken = HashMap::with_capacity(seconds.len());
        if seconds.is_empty() {
            return Ok(PkSlots { taken });
        }
        let list = serde_json::to_string(&seconds).map_err(|e| Error::InvalidItem {
            collection: "row keys",
            reason: e.to_string(),
        })?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT s.value, (SELECT max(pk) FROM {table} \
                 WHERE pk BETWEEN s.value AND s.value + {}) \
             FROM json_each(?1) AS s",
            PK_SLOTS - 1
        ))?;
        let rows = stmt.query_map([list], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        for row in rows {
            let (lo, max) = row?;
            taken.insert(lo, max);
        }
        Ok(PkSlots { taken })
    }

    /// A free row key that sorts with `created_at`, or `None` (SQLite then picks one above
    /// every other) if the second's slots are all taken, the time is out of range or the
    /// second was not loaded.
    pub(crate) fn take(&mut self, created_ms: i64) -> Option<i64> {
        let (lo, hi) = second_of(created_ms)?;
        let taken = self.taken.get_mut(&lo)?;
        let pk = match *taken {
            None => Some(lo),
            Some(max) if max < hi => Some(max + 1),
            Some(_) => None,
        };
        if pk.is_some() {
            *taken = pk;
        }
        pk
    }
}
