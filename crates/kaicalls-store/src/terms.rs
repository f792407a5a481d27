//! The search vocabulary: every word the search indexes hold, so a typed prefix can be
//! expanded into the words it completes to before FTS5 sees it.
//!
//! Why: FTS5 answers a prefix query (`"calle"*`) by merging the full posting lists of
//! every word that starts with it into one list before it returns a row, and bm25 does the
//! same merge again to weigh the phrase. For a prefix of words found in nearly every
//! transcript that was 25–35 ms per pass at 100k transcripts. The same query written as
//! the OR of its completions (`"called" OR "caller"`) is evaluated lazily and each word is
//! weighed on its own list: 6 ms. Listing completions with `fts5vocab` costs 4–17 ms (it
//! walks the lists to count them), so the words are kept in a table of their own,
//! `search_terms`, where listing them is one short index range.
//!
//! How the table stays exact without a second tokenizer to keep in step with SQLite's:
//! triggers note each row whose indexed text changed in `search_terms_pending`, and at the
//! end of every write [`learn_pending`] reads those rows' words in the same transaction as
//! the write. Plain ASCII words are split in Rust, where the tokenizer's rule is simple and
//! certain; anything with a non-ASCII character goes through a throwaway in-memory FTS5
//! table with the same tokenizer, whose vocabulary is copied over. `search_terms` is only
//! ever added to, so it is a superset of what the indexes hold, which is all the expansion
//! needs: a word no row has any more costs one lookup that finds nothing. If a row was
//! written from outside the store (the triggers noted it, nobody learned it),
//! [`completions`] says so and search falls back to FTS5's own prefix query: slower, never
//! wrong.

use std::collections::HashSet;
use std::sync::LazyLock;

use foldhash::fast::RandomState;

use rusqlite::Connection;

use crate::error::Result;

/// The tokenizer of every search index (`migrations/0001_initial.sql`). The vocabulary
/// is only right if its probe splits and folds text exactly as the indexes do; a test
/// compares this with the schema.
pub(crate) const TOKENIZE: &str = "unicode61 remove_diacritics 2";

/// The most completions a prefix is expanded into. An OR of more words than this costs
/// about what FTS5's own prefix merge does, so beyond it the prefix query is used.
pub const MAX_COMPLETIONS: usize = 64;

/// The per-connection probe for text [`split_words`] cannot split itself: a contentless,
/// position-free FTS5 table with the indexes' tokenizer (only its vocabulary is read) and
/// that vocabulary.
static PROBE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms_probe USING fts5 \
         (text, content = '', detail = 'none', tokenize = '{TOKENIZE}'); \
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms_probe_words \
         USING fts5vocab('temp', 'search_terms_probe', 'row');"
    )
});

/// Whether some row's words are not learned yet (see the module docs).
fn has_pending(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_terms_pending)")?
        .query_row([], |r| r.get(0))?)
}

/// The indexed text of every pending row, one string per row. Columns are joined with a
/// space, which the tokenizer always splits on, so no word spans two columns.
const PENDING_TEXT: &str = "SELECT concat_ws(' ', summary, transcript) FROM transcripts \
    WHERE pk IN (SELECT pk FROM search_terms_pending WHERE tbl = 'transcripts') \
    UNION ALL SELECT summary FROM calls \
    WHERE pk IN (SELECT pk FROM search_terms_pending WHERE tbl = 'calls') \
    UNION ALL SELECT concat_ws(' ', name, notes, email, phone) FROM leads \
    WHERE pk IN (SELECT pk FROM search_terms_pending WHERE tbl = 'leads')";

/// A batch's distinct words. foldhash rather than std's SipHash: this set sees every word
/// of every written row, and hashing was a visible part of the write's cost.
type Words = HashSet<String, RandomState>;

/// Longer runs go to the probe: FTS5 may treat very long tokens specially, and no real
/// word is this long.
const MAX_PLAIN_WORD: usize = 64;

/// Splits `text` the way `unicode61` does where that is certain, and sets aside what is
/// not. A run of ASCII letters and digits between ASCII separators is exactly one word
/// (ASCII letters fold to lower case; every other ASCII character separates). A run that
/// holds any non-ASCII character may fold, split or vanish in ways only SQLite's tables
/// know (`é` → `e`, `’` separates, a combining mark is dropped): it goes to `unsure`, for
/// the probe. In English transcripts that is a few runs per page; the rest never meets a
/// second FTS5 tokenizer, which kept the write cost of the vocabulary small.
fn split_words(text: &str, words: &mut Words, unsure: &mut String) {
    let mut word = String::new();
    let mut start = 0;
    let (mut plain, mut upper) = (true, false);
    // Byte-wise: every byte of a non-ASCII character is >= 0x80, so cutting at ASCII
    // separators never splits a character (and `get` checks it anyway).
    for (i, b) in text.bytes().chain(std::iter::once(b' ')).enumerate() {
        if !b.is_ascii() || b.is_ascii_alphanumeric() {
            plain &= b.is_ascii();
            upper |= b.is_ascii_uppercase();
            continue;
        }
        let run = text.get(start..i).unwrap_or_default();
        start = i + 1;
        let (was_plain, was_upper) = (plain, upper);
        (plain, upper) = (true, false);
        if run.is_empty() {
            continue;
        }
        if !was_plain || run.len() > MAX_PLAIN_WORD {
            unsure.push_str(run);
            unsure.push(' ');
            continue;
        }
        let folded = if was_upper {
            word.clear();
            word.push_str(run);
            word.make_ascii_lowercase();
            word.as_str()
        } else {
            run
        };
        if !words.contains(folded) {
            words.insert(folded.to_owned());
        }
    }
}

/// Adds the words of every row noted in `search_terms_pending` to `search_terms` and
/// empties the list. Runs on `conn` inside the caller's write transaction, so the words
/// commit with the rows (or roll back with them).
pub(crate) fn learn_pending(conn: &Connection) -> Result<()> {
    if !has_pending(conn)? {
        return Ok(());
    }
    let mut words = Words::default();
    let mut unsure = String::new();
    {
        let mut stmt = conn.prepare_cached(PENDING_TEXT)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            // Always text (concat_ws of STRICT TEXT columns) or NULL.
            if let Ok(Some(text)) = row.get_ref(0)?.as_str_or_null() {
                split_words(text, &mut words, &mut unsure);
            }
        }
    }
    let mut add =
        conn.prepare_cached("INSERT INTO search_terms (term) VALUES (?1) ON CONFLICT DO NOTHING")?;
    for word in &words {
        add.execute([word])?;
    }
    if !unsure.is_empty() {
        conn.execute_batch(&PROBE_SQL)?;
        conn.prepare_cached("INSERT INTO temp.search_terms_probe (text) VALUES (?1)")?
            .execute([&unsure])?;
        // Read out and added one by one like the rest: an `INSERT … SELECT` here opens a
        // statement journal, which makes FTS5 flush the batch's pending index terms to a
        // segment mid-transaction; that alone took 2 s of a 100k-transcript fill.
        let probed = conn
            .prepare_cached("SELECT term FROM temp.search_terms_probe_words")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for word in &probed {
            add.execute([word])?;
        }
        conn.prepare_cached(
            "INSERT INTO temp.search_terms_probe (search_terms_probe) VALUES ('delete-all')",
        )?
        .execute([])?;
    }
    conn.prepare_cached("DELETE FROM search_terms_pending")?
        .execute([])?;
    Ok(())
}

/// Notes every row of every indexed table as pending and learns them again (after an
/// index rebuild, when the vocabulary is suspect too).
pub(crate) fn relearn_all(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO search_terms_pending (tbl, pk) \
         SELECT 'transcripts', pk FROM transcripts \
         UNION ALL SELECT 'calls', pk FROM calls \
         UNION ALL SELECT 'leads', pk FROM leads;",
    )?;
    learn_pending(conn)
}

/// The indexed words that start with `prefix`, in order, or `None` when the expansion
/// cannot be used and FTS5's own prefix query must answer:
/// - `prefix` is not plain ASCII letters and digits (anything else may fold or split
///   differently in the tokenizer, and is rare enough not to matter for speed);
/// - some written row's words are not learned yet (see the module docs);
/// - no word or more than [`MAX_COMPLETIONS`] words complete it.
pub(crate) fn completions(conn: &Connection, prefix: &str) -> Result<Option<Vec<String>>> {
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let lower = prefix.to_ascii_lowercase();
    // Every word starting with `lower` sorts in [lower, upper): bump the last byte.
    let mut upper = lower.clone().into_bytes();
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let upper = String::from_utf8(upper).unwrap_or_default();
    if has_pending(conn)? {
        return Ok(None);
    }
    let words = conn
        .prepare_cached(
            "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY term LIMIT ?3",
        )?
        .query_map(
            rusqlite::params![lower, upper, MAX_COMPLETIONS as i64 + 1],
            |r| r.get::<_, String>(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!words.is_empty() && words.len() <= MAX_COMPLETIONS).then_some(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, crate::Store) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = crate::Store::open(dir.path(), "acct").unwrap();
        (dir, store)
    }

    #[test]
    fn every_index_uses_the_probe_tokenizer() {
        let (_dir, store) = store();
        let sql: Vec<String> = store
            .conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql LIKE '%USING fts5 %'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(sql.len(), 3, "{sql:?}");
        for s in sql {
            assert!(s.contains(&format!("tokenize = '{TOKENIZE}'")), "{s}");
        }
    }

    #[test]
    fn plain_words_are_split_here_and_the_rest_is_set_aside() {
        let mut words = Words::default();
        let mut unsure = String::new();
        split_words(
            "Caller: I'd like 2 QUOTES, e-mail jo_b@x.io (O’Brien, café) +1-555",
            &mut words,
            &mut unsure,
        );
        let mut got: Vec<&str> = words.iter().map(String::as_str).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "1", "2", "555", "b", "caller", "d", "e", "i", "io", "jo", "like", "mail",
                "quotes", "x"
            ]
        );
        assert_eq!(unsure, "O’Brien café ");
        let long = "a".repeat(MAX_PLAIN_WORD + 1);
        split_words(&long, &mut words, &mut unsure);
        assert!(unsure.ends_with(&format!("{long} ")));
    }

    #[test]
    fn the_upper_bound_covers_exactly_the_completions() {
        let (_dir, store) = store();
        store
            .conn
            .execute_batch(
                "INSERT INTO search_terms VALUES ('cal'), ('call'), ('caller'), ('calm'), \
                 ('calz'), ('cam'), ('ca'), ('cal9'), ('calé');",
            )
            .unwrap();
        let got = completions(&store.conn, "CAL").unwrap().unwrap();
        assert_eq!(
            got,
            ["cal", "cal9", "call", "caller", "calm", "calz", "calé"]
        );
        assert_eq!(completions(&store.conn, "calz").unwrap().unwrap(), ["calz"]);
        assert_eq!(completions(&store.conn, "cax").unwrap(), None);
        assert_eq!(completions(&store.conn, "cal'").unwrap(), None);
        assert_eq!(completions(&store.conn, "café").unwrap(), None);
    }
}
