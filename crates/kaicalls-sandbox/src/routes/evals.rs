//! Routes of this group are added by their own change.

use crate::state::App;

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
}
