//! Offline full-text search over transcripts, call summaries and leads.
//!
//! What the user types never reaches FTS5's query parser as syntax. [`fts_query`] splits
//! the input on whitespace, drops pieces with no letter or digit, and writes each piece as
//! an FTS5 string (`"…"`, inner quotes doubled), so `*`, `:`, `(`, `-`, `^`, `NEAR`, `AND`
//! and friends are just text. The last piece gets a trailing `*` so results appear while
//! the user is still typing a word. Input is capped in length and term count, so a pasted
//! novel costs no more than a sentence.
//!
//! Snippets mark matches with [`HIGHLIGHT_START`] and [`HIGHLIGHT_END`], control characters
//! that never occur in transcripts, instead of HTML: the UI escapes the text and draws the
//! marks itself, so a transcript containing `<script>` stays text. [`split_highlights`]
//! does the splitting.

use rusqlite::params_from_iter;
use rusqlite::types::Value as Sql;
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
    /// Only items of this agent.
    pub agent_id: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            kinds: Vec::new(),
            limit: 20,
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
    /// SQLite's bm25 score: lower is a better match. Comparable within one kind.
    pub rank: f64,
    /// The item's server timestamp, verbatim.
    pub created_at: Option<String>,
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

/// Turns what the user typed into a safe FTS5 query, or `None` if nothing searchable is
/// left (empty input, only punctuation or emoji).
pub fn fts_query(input: &str) -> Option<String> {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let terms: Vec<String> = input
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .take(MAX_TERMS)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() {
        return None;
    }
    Some(format!("{}*", terms.join(" ")))
}

/// The per-kind SQL: id, title, created_at, created_ms, snippet, rank.
fn kind_sql(kind: SearchKind, by_agent: bool) -> String {
    let (fts, table, title, snippet_col) = match kind {
        SearchKind::Transcript => ("transcripts_fts", "transcripts", "t.agent_name", -1),
        SearchKind::Call => (
            "calls_fts",
            "calls",
            "coalesce(t.customer_name, t.agent_name)",
            0,
        ),
        SearchKind::Lead => ("leads_fts", "leads", "t.name", -1),
    };
    let agent = if by_agent { " AND t.agent_id = ?3" } else { "" };
    format!(
        "SELECT t.id, {title}, t.created_at, t.created_ms, \
         snippet({fts}, {snippet_col}, char(2), char(3), '…', 16), {fts}.rank \
         FROM {fts} JOIN {table} t ON t.pk = {fts}.rowid \
         WHERE {fts} MATCH ?1{agent} ORDER BY {fts}.rank LIMIT ?2"
    )
}

impl Store {
    /// Searches the cache, best matches first. Any input is safe: it never produces an
    /// error from FTS5 syntax, and input with nothing searchable returns no hits.
    pub fn search(&self, input: &str, options: &SearchOptions) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let limit = i64::from(options.limit.clamp(1, MAX_SEARCH_RESULTS));
        let all = [SearchKind::Transcript, SearchKind::Call, SearchKind::Lead];
        let kinds: &[SearchKind] = if options.kinds.is_empty() {
            &all
        } else {
            &options.kinds
        };
        let mut hits: Vec<(SearchHit, i64)> = Vec::new();
        for kind in all.iter().filter(|k| kinds.contains(k)) {
            let sql = kind_sql(*kind, options.agent_id.is_some());
            let mut params: Vec<Sql> = vec![query.clone().into(), limit.into()];
            params.extend(options.agent_id.clone().map(Sql::Text));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(params), |r| {
                    Ok((
                        SearchHit {
                            kind: *kind,
                            id: r.get(0)?,
                            title: r.get(1)?,
                            created_at: r.get(2)?,
                            snippet: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                            rank: r.get(5)?,
                        },
                        r.get::<_, i64>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            hits.extend(rows);
        }
        // A call with a cached transcript is found through the transcript, which holds the
        // same summary and more: show it once.
        let transcript_ids: std::collections::HashSet<String> = hits
            .iter()
            .filter(|(h, _)| h.kind == SearchKind::Transcript)
            .map(|(h, _)| h.id.clone())
            .collect();
        hits.retain(|(h, _)| !(h.kind == SearchKind::Call && transcript_ids.contains(&h.id)));
        hits.sort_by(|(a, a_ms), (b, b_ms)| a.rank.total_cmp(&b.rank).then_with(|| b_ms.cmp(a_ms)));
        hits.truncate(limit as usize);
        Ok(hits.into_iter().map(|(h, _)| h).collect())
    }

    /// Rebuilds every search index from the tables. Only needed if an index is suspected
    /// to be out of step (the triggers keep it in step otherwise).
    pub fn rebuild_search_index(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        for fts in ["transcripts_fts", "calls_fts", "leads_fts"] {
            tx.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"), [])?;
        }
        tx.commit()?;
        Ok(())
    }
}

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
            fts_query("say \"hi\"").as_deref(),
            Some("\"say\" \"\"\"hi\"\"\"*")
        );
        assert_eq!(fts_query("NEAR( a"), Some("\"NEAR(\" \"a\"*".to_owned()));
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
