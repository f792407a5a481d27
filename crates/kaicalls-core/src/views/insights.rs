//! Search hits, answered by the offline copy.

use serde::{Deserialize, Serialize};

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A transcript (its text or summary matched); the id is the call's.
    Transcript,
    /// The summary of a call that has no transcript in the offline copy.
    Call,
    /// A lead (name, notes, email or phone matched).
    Lead,
}

impl From<SearchKind> for kaicalls_store::SearchKind {
    fn from(k: SearchKind) -> Self {
        match k {
            SearchKind::Transcript => kaicalls_store::SearchKind::Transcript,
            SearchKind::Call => kaicalls_store::SearchKind::Call,
            SearchKind::Lead => kaicalls_store::SearchKind::Lead,
        }
    }
}

impl From<kaicalls_store::SearchKind> for SearchKind {
    fn from(k: kaicalls_store::SearchKind) -> Self {
        match k {
            kaicalls_store::SearchKind::Transcript => SearchKind::Transcript,
            kaicalls_store::SearchKind::Call => SearchKind::Call,
            kaicalls_store::SearchKind::Lead => SearchKind::Lead,
        }
    }
}

/// What the search box sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchRequest {
    /// The words typed (any text: quotes and operators are read as words).
    pub query: String,
    /// Kinds to search; empty for all.
    pub kinds: Vec<SearchKind>,
    /// Most hits to return (a page; at most 100).
    pub limit: u32,
    /// Hits to skip: the next page starts where the last one ended.
    pub offset: u32,
}

/// A page of search hits, and how many the whole ranking holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchPageView {
    /// This page, best first.
    pub hits: Vec<SearchHitView>,
    /// Hits in the whole ranking (the newest 1,000 matches of each kind are ranked).
    pub total: u32,
    /// Some kind had more matches than are ranked: `total` is a floor ("1,000+").
    pub capped: bool,
}

/// One search hit, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHitView {
    /// What matched.
    pub kind: SearchKind,
    /// The call id (transcripts and calls) or the lead id.
    pub id: String,
    /// A label: the agent's name for calls and transcripts, the lead's name.
    pub title: Option<String>,
    /// The best passage, each match between U+0002 and U+0003 (never HTML).
    pub snippet: String,
    /// When KaiCalls created the item (RFC 3339, verbatim).
    pub created_at: Option<String>,
}

impl From<kaicalls_store::SearchHit> for SearchHitView {
    fn from(h: kaicalls_store::SearchHit) -> Self {
        SearchHitView {
            kind: h.kind.into(),
            id: h.id,
            title: h.title,
            snippet: h.snippet,
            created_at: h.created_at,
        }
    }
}
