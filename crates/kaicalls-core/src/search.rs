//! Offline search over the cache: the one function the UI's search command runs, so the
//! search benchmark (`benches/search_bench.rs`) measures exactly what a user waits for.

use kaicalls_store::SearchOptions;

use crate::cache::Cache;
use crate::error::AppError;
use crate::views::{SearchHitView, SearchPageView, SearchRequest};

/// Transcripts, call summaries and leads matching the words, best first, as views. An
/// empty or punctuation-only query finds nothing. The store call runs on the blocking pool
/// like every cache read.
pub async fn search(cache: &Cache, request: SearchRequest) -> Result<SearchPageView, AppError> {
    let options = SearchOptions {
        kinds: request.kinds.into_iter().map(Into::into).collect(),
        limit: request.limit,
        offset: request.offset,
        agent_id: None,
    };
    let query = request.query;
    let page = cache.read(move |s| s.search_page(&query, &options)).await?;
    Ok(SearchPageView {
        hits: page.hits.into_iter().map(SearchHitView::from).collect(),
        total: page.total,
        capped: page.capped,
    })
}
