//! Offline full-text search over transcripts, call summaries and leads.
//!
//! What the user types never reaches FTS5's query parser as syntax. [`fts_query`] splits
//! the input on whitespace, drops pieces with no letter or digit, and writes each piece as
//! an FTS5 string (`"…"`, inner quotes doubled), so `*`, `:`, `(`, `-`, `^`, `NEAR`, `AND`
//! and friends are just text. The last piece gets a trailing `*` (if it has at least
//! [`MIN_PREFIX_CHARS`] letters) so results appear while the user is still typing a word.
//! Input is capped in length and term count, so a pasted novel costs no more than a
//! sentence.
//!
//! Snippets mark matches with [`HIGHLIGHT_START`] and [`HIGHLIGHT_END`], control characters
//! that never occur in transcripts, instead of HTML: the UI escapes the text and draws the
//! marks itself, so a transcript containing `<script>` stays text. [`split_highlights`]
//! does the splitting.

use rusqlite::types::Value as Sql;
use std::collections::HashMap;

use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::Result;

/// Starts a highlighted match in [`SearchHit::snippet`] (STX).
pub const HIGHLIGHT_START: char = '\u{2}';
/// Ends a highlighted match in [`SearchHit::snippet`] (ETX).
pub const HIGHLIGHT_END: char = '\u{3}';

/// Characters of user input considered; the rest is ignored.
const MAX_QUERY_CHARS: usize = 256;
/// Terms considered; the rest are ignored.
const MAX_TERMS: usize = 12;
/// The shortest last word that is searched as a prefix. FTS5 expands a prefix by merging
/// the postings of every matching word up front: for "a" or "th" that is most of the index
/// (100–250 ms at 100k transcripts). One- and two-letter words are matched exactly.
pub const MIN_PREFIX_CHARS: usize = 3;
/// The most hits one search returns.
pub const MAX_SEARCH_RESULTS: u32 = 100;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A transcript (its text or summary matched); `id` is the call id.
    Transcript,
    /// A call summary of a call that has no cached transcript.
    Call,
    /// A lead (name, notes, email or phone matched).
    Lead,
}

/// What to search and how much to return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    /// The kinds to search; empty means all.
    pub kinds: Vec<SearchKind>,
    /// How many hits at most (1 to [`MAX_SEARCH_RESULTS`]).
    pub limit: u32,
    /// Hits to skip, for the next page of the same ranking.
    pub offset: u32,
    /// Only items of this agent.
    pub agent_id: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            kinds: Vec::new(),
            limit: 20,
            offset: 0,
            agent_id: None,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// What matched.
    pub kind: SearchKind,
    /// The call id (transcripts and calls) or lead id.
    pub id: String,
    /// A label for the hit: the agent's name for calls and transcripts, the lead's name.
    pub title: Option<String>,
    /// The best matching passage, matches wrapped in [`HIGHLIGHT_START`]/[`HIGHLIGHT_END`].
    pub snippet: String,
    /// SQLite's bm25 score: lower is a better match. Comparable within one kind. Only the
    /// newest [`RANK_WINDOW`] matches of each kind are ranked.
    pub rank: f64,
    /// The item's server timestamp, verbatim.
    pub created_at: Option<String>,
}

/// One page of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    /// The page's hits, best first.
    pub hits: Vec<SearchHit>,
    /// Hits in the whole ranking (at most [`RANK_WINDOW`] of each kind), so the caller
    /// knows whether another page follows.
    pub total: u32,
    /// Whether some kind had more matches than [`RANK_WINDOW`], so older ones were not
    /// ranked and `total` is a floor.
    pub capped: bool,
}

/// A piece of a snippet, for rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    /// The text, unescaped.
    pub text: String,
    /// Whether it is a match.
    pub highlighted: bool,
}

/// Splits a snippet into plain and highlighted parts (markers removed, empty parts skipped).
pub fn split_highlights(snippet: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut highlighted = false;
    for c in snippet.chars() {
        if c == HIGHLIGHT_START || c == HIGHLIGHT_END {
            if !text.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut text),
                    highlighted,
                });
            }
            highlighted = c == HIGHLIGHT_START;
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, highlighted });
    }
    parts
}

/// What the user typed, split into FTS5 strings.
struct Typed {
    /// Every piece as an FTS5 string (`"…"`, inner quotes doubled).
    quoted: Vec<String>,
    /// The last piece as typed, when it is searched as a prefix.
    prefix: Option<String>,
}

impl Typed {
    fn parse(input: &str) -> Option<Typed> {
        let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
        let words: Vec<&str> = input
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .take(MAX_TERMS)
            .collect();
        let last = words.last()?;
        let prefix = (last.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX_CHARS)
            .then(|| (*last).to_owned());
        Some(Typed {
            quoted: words.iter().map(|t| quote(t)).collect(),
            prefix,
        })
    }

    /// The query with the prefix left to FTS5 (`"estate" "pla"*`).
    fn native(&self) -> String {
        let star = if self.prefix.is_some() { "*" } else { "" };
        format!("{}{star}", self.quoted.join(" "))
    }

    /// The query with the prefix replaced by the OR of its completions
    /// (`"estate" AND ("plan" OR "plans")`; FTS5 has no implicit AND before a
    /// parenthesis); see `terms.rs` for why.
    fn expanded(&self, completions: &[String]) -> String {
        let words: Vec<String> = completions.iter().map(|w| quote(w)).collect();
        let mut parts: Vec<String> = self.quoted[..self.quoted.len().saturating_sub(1)].to_vec();
        parts.push(format!("({})", words.join(" OR ")));
        parts.join(" AND ")
    }
}

fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// Turns what the user typed into a safe FTS5 query, or `None` if nothing searchable is
/// left (empty input, only punctuation or emoji). This is the query before prefix
/// expansion; [`Store::search_query`] gives the one `search` runs.
pub fn fts_query(input: &str) -> Option<String> {
    Typed::parse(input).map(|t| t.native())
}

/// How many of the newest matches are ranked by bm25.
///
/// FTS5 scores a match in about 1–2 µs, so ranking every match of a common word in 100k
/// transcripts (10–20k matches) costs 15–30 ms, and its own `ORDER BY rank` sorter more.
/// Ranking only the newest `RANK_WINDOW` matches bounds that; a query with fewer matches
/// is ranked in full. Newest is cheap because row keys are in time order (`upsert.rs`).
pub const RANK_WINDOW: u32 = 1000;

/// The tables and labels of one kind: (fts table, content table, title, snippet column).
fn kind_parts(kind: SearchKind) -> (&'static str, &'static str, &'static str, i32) {
    match kind {
        SearchKind::Transcript => ("transcripts_fts", "transcripts", "t.agent_name", -1),
        SearchKind::Call => (
            "calls_fts",
            "calls",
            "coalesce(t.customer_name, t.agent_name)",
            0,
        ),
        SearchKind::Lead => ("leads_fts", "leads", "t.name", -1),
    }
}

/// Pass 1: row key and bm25 score of the newest matches, in one walk of the index.
/// `?1` query, `?2` agent. With `skip_transcribed`, calls that have a cached transcript
/// are left out: the transcript holds the same summary and more, and is found instead.
fn scores_sql(kind: SearchKind, by_agent: bool, skip_transcribed: bool) -> String {
    let (fts, table, _, _) = kind_parts(kind);
    let needs_row = by_agent || skip_transcribed;
    let join = if needs_row {
        format!(" JOIN {table} t ON t.pk = {fts}.rowid")
    } else {
        String::new()
    };
    let agent = if by_agent { " AND t.agent_id = ?2" } else { "" };
    let transcribed = if skip_transcribed {
        " AND NOT EXISTS (SELECT 1 FROM transcripts tr WHERE tr.id = t.id)"
    } else {
        ""
    };
    format!(
        "SELECT {fts}.rowid, {fts}.rank FROM {fts}{join} WHERE {fts} MATCH ?1{agent}{transcribed} \
         ORDER BY {fts}.rowid DESC LIMIT {RANK_WINDOW}"
    )
}

/// Pass 2: the winners' rows and snippets. One index walk over the winners' key range
/// (`?2`..`?3`); the `+` keeps SQLite from turning the id list (`?4`, JSON) into one
/// index lookup per id, each of which would re-run the query.
fn hits_sql(kind: SearchKind) -> String {
    let (fts, table, title, snippet_col) = kind_parts(kind);
    format!(
        "SELECT {fts}.rowid, t.id, {title}, t.created_at, t.created_ms, \
         snippet({fts}, {snippet_col}, char(2), char(3), '…', 16) \
         FROM {fts} JOIN {table} t ON t.pk = {fts}.rowid \
         WHERE {fts} MATCH ?1 AND {fts}.rowid BETWEEN ?2 AND ?3 \
         AND +{fts}.rowid IN (SELECT value FROM json_each(?4))"
    )
}

/// A ranked match before its row is read: kind, row key, bm25 score.
type Scored = (SearchKind, i64, f64);

impl Store {
    /// Pass 1 for one kind: every ranked match's key and score.
    fn scores(
        &self,
        kind: SearchKind,
        query: &str,
        agent: Option<&String>,
        skip_transcribed: bool,
    ) -> Result<Vec<Scored>> {
        let mut params: Vec<Sql> = vec![query.to_owned().into()];
        params.extend(agent.cloned().map(Sql::Text));
        let sql = scores_sql(kind, agent.is_some(), skip_transcribed);
        let scored = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok((kind, r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(scored)
    }

    /// Pass 2 for one kind: the rows and snippets of `keys`, by key.
    fn hits_of(
        &self,
        kind: SearchKind,
        query: &str,
        keys: &[(i64, f64)],
    ) -> Result<HashMap<i64, SearchHit>> {
        let (Some(lo), Some(hi)) = (
            keys.iter().map(|k| k.0).min(),
            keys.iter().map(|k| k.0).max(),
        ) else {
            return Ok(HashMap::new());
        };
        let ranks: HashMap<i64, f64> = keys.iter().copied().collect();
        let list = Sql::Text(format!(
            "[{}]",
            keys.iter()
                .map(|k| k.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ));
        let params: Vec<Sql> = vec![query.to_owned().into(), lo.into(), hi.into(), list];
        let mut stmt = self.conn.prepare_cached(&hits_sql(kind))?;
        let rows = stmt
            .query_map(params_from_iter(params), |r| {
                let key: i64 = r.get(0)?;
                Ok((
                    key,
                    SearchHit {
                        kind,
                        id: r.get(1)?,
                        title: r.get(2)?,
                        created_at: r.get(3)?,
                        snippet: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        rank: ranks.get(&key).copied().unwrap_or_default(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    /// Searches the cache, best matches first. Any input is safe: it never produces an
    /// error from FTS5 syntax, and input with nothing searchable returns no hits.
    pub fn search(&self, input: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        Ok(self.search_page(input, options)?.hits)
    }

    /// One page of [`Store::search`]'s ranking. Every kind is scored first (keys and bm25
    /// only), the kinds merged and the page cut from that, so rows and snippets are read
    /// for the page's hits alone, however deep the page.
    pub fn search_page(&self, input: &str, options: &SearchOptions) -> Result<SearchPage> {
        let Some(query) = self.search_query(input)? else {
            return Ok(SearchPage {
                hits: Vec::new(),
                total: 0,
                capped: false,
            });
        };
        let limit = options.limit.clamp(1, MAX_SEARCH_RESULTS) as usize;
        let all = [SearchKind::Transcript, SearchKind::Call, SearchKind::Lead];
        let wanted = |k: SearchKind| options.kinds.is_empty() || options.kinds.contains(&k);
        let mut scored: Vec<Scored> = Vec::new();
        let mut capped = false;
        for kind in all.into_iter().filter(|k| wanted(*k)) {
            let skip = kind == SearchKind::Call && wanted(SearchKind::Transcript);
            let of_kind = self.scores(kind, &query, options.agent_id.as_ref(), skip)?;
            capped |= of_kind.len() >= RANK_WINDOW as usize;
            scored.extend(of_kind);
        }
        // Best score first; equal scores in the kinds' order, then newest first (row keys
        // are in time order within a kind), so every page cuts the same ranking.
        scored.sort_by(|a, b| {
            a.2.total_cmp(&b.2)
                .then_with(|| (a.0 as u8).cmp(&(b.0 as u8)))
                .then_with(|| b.1.cmp(&a.1))
        });
        let total = u32::try_from(scored.len()).unwrap_or(u32::MAX);
        let page: Vec<Scored> = scored
            .into_iter()
            .skip(options.offset as usize)
            .take(limit)
            .collect();
        let mut rows: HashMap<(u8, i64), SearchHit> = HashMap::new();
        for kind in all {
            let keys: Vec<(i64, f64)> = page
                .iter()
                .filter(|s| s.0 == kind)
                .map(|s| (s.1, s.2))
                .collect();
            if !keys.is_empty() {
                for (key, hit) in self.hits_of(kind, &query, &keys)? {
                    rows.insert((kind as u8, key), hit);
                }
            }
        }
        let hits = page
            .iter()
            .filter_map(|s| rows.remove(&(s.0 as u8, s.1)))
            .collect();
        Ok(SearchPage {
            hits,
            total,
            capped,
        })
    }

    /// The FTS5 query [`Store::search`] runs for `input`, or `None` if nothing in it is
    /// searchable. A prefix is expanded into the indexed words it completes to when the
    /// search vocabulary allows (`terms.rs`), otherwise left to FTS5.
    pub fn search_query(&self, input: &str) -> Result<Option<String>> {
        let Some(typed) = Typed::parse(input) else {
            return Ok(None);
        };
        let completions = match typed.prefix.as_deref() {
            Some(prefix) => crate::terms::completions(&self.conn, prefix)?,
            None => None,
        };
        Ok(Some(match completions {
            Some(words) => typed.expanded(&words),
            None => typed.native(),
        }))
    }

    /// Whether every search index is sound by FTS5's own check, which walks each index
    /// term by term (about 60 ms at 10k transcripts, growing with the index): too slow for
    /// the open's check (see `open.rs`), so the app runs it once a session has started, on
    /// a connection of its own ([`Store::connect_again`]). An index damaged inside sound
    /// pages would otherwise answer searches with nothing.
    pub fn search_indexes_sound(&self) -> Result<bool> {
        for fts in SEARCH_INDEXES {
            match crate::open::checks_ok(&self.conn, fts) {
                Ok(true) => {}
                Ok(false) => return Ok(false),
                Err(e) if crate::error::is_corruption(&e) => return Ok(false),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(true)
    }

    /// Rebuilds every search index, and the vocabulary prefixes are expanded from, from the
    /// tables. Only needed if an index is suspected to be out of step (the triggers keep
    /// it in step otherwise).
    pub fn rebuild_search_index(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        for fts in SEARCH_INDEXES {
            tx.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"), [])?;
        }
        crate::terms::relearn_all(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// The FTS5 tables: one per searched collection.
const SEARCH_INDEXES: [&str; 3] = ["transcripts_fts", "calls_fts", "leads_fts"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_becomes_quoted_terms_with_a_prefix_on_the_last() {
        assert_eq!(
            fts_query("estate plan").as_deref(),
            Some("\"estate\" \"plan\"*")
        );
        assert_eq!(
            fts_query("say \"hey\"").as_deref(),
            Some("\"say\" \"\"\"hey\"\"\"*")
        );
        assert_eq!(fts_query("NEAR( a"), Some("\"NEAR(\" \"a\"".to_owned()));
        assert_eq!(fts_query("th"), Some("\"th\"".to_owned()));
        assert_eq!(fts_query("the"), Some("\"the\"*".to_owned()));
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("  * ( - ^ \" "), None);
        assert_eq!(fts_query("🙂🙂"), None);
    }

    #[test]
    fn snippets_split_into_parts() {
        let parts = split_highlights("a \u{2}b\u{3} c");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].highlighted);
        assert_eq!(parts[1].text, "b");
        assert!(!parts[2].highlighted);
    }
}
