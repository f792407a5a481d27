//! Request bodies and parameters: the body limit every route is under, and extractors
//! that turn every malformed input into a documented error instead of axum's plain-text
//! rejections.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{LengthLimitError, Limited};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::state::App;

/// The limit [`limit_body`] put a request under, for extractors to report.
#[derive(Debug, Clone, Copy)]
struct BodyLimit(usize);

/// Puts every request's body under `SandboxConfig::max_body`, on every route (the
/// `/sandbox/` ones and unknown paths too): a declared length over it is refused before
/// a byte is read, and a chunked body is cut off where it crosses it. Either way the
/// client gets a 413 in the reference's error shape, and no handler can buffer more.
pub async fn limit_body(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let max = app.config.max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return ApiError::too_large(max).into_response();
    }
    req.extensions_mut().insert(BodyLimit(max));
    let req = req.map(|body| axum::body::Body::new(Limited::new(body, max)));
    next.run(req).await
}

/// Reads the whole body, within the limit [`limit_body`] set.
async fn read_body(req: Request) -> ApiResult<Bytes> {
    // Outside the router's layer (no limit recorded) the documented default still holds.
    let limit = req
        .extensions()
        .get::<BodyLimit>()
        .map_or(crate::config::DEFAULT_MAX_BODY, |l| l.0);
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|e| {
            if over_limit(&e) {
                ApiError::too_large(limit)
            } else {
                ApiError::invalid_request("Request body could not be read")
            }
        })
}

/// Whether a body error is a length limit (ours or `to_bytes`'s), however deeply axum
/// wrapped it.
fn over_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// The raw body bytes (for routes that parse it themselves, like JSON-RPC).
#[derive(Debug, Clone, Default)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        read_body(req).await.map(RawBody)
    }
}

/// A JSON object body. Anything that is not a JSON object is `invalid_request`.
#[derive(Debug, Clone, Default)]
pub struct Body(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(req).await?;
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ApiError::invalid_request(
                "Request body must be a JSON object",
            ));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Body(map)),
            Ok(_) => Err(ApiError::invalid_request(
                "Request body must be a JSON object",
            )),
            Err(e) => Err(ApiError::invalid_request(format!("Invalid JSON: {e}"))),
        }
    }
}

impl Body {
    /// A required non-empty string field (`invalid_request` if absent).
    pub fn required_str(&self, field: &str) -> ApiResult<String> {
        match self.0.get(field) {
            None | Some(Value::Null) => Err(missing(field)),
            Some(Value::String(s)) if s.trim().is_empty() => Err(missing(field)),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(ApiError::validation(format!("`{field}` must be a string"))),
        }
    }

    /// An optional string field; a non-string value is `validation_error`.
    pub fn opt_str(&self, field: &str) -> ApiResult<Option<String>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ApiError::validation(format!("`{field}` must be a string"))),
        }
    }

    /// An optional boolean field.
    pub fn opt_bool(&self, field: &str) -> ApiResult<Option<bool>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::validation(format!("`{field}` must be a boolean"))),
        }
    }

    /// An optional integer field within `[min, max]`.
    pub fn opt_int(&self, field: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_i64() {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(ApiError::validation(format!(
                    "`{field}` must be an integer from {min} to {max}"
                ))),
            },
        }
    }

    /// An optional JSON object field.
    pub fn opt_object(&self, field: &str) -> ApiResult<Option<Map<String, Value>>> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m.clone())),
            Some(_) => Err(ApiError::validation(format!("`{field}` must be an object"))),
        }
    }
}

fn missing(field: &str) -> ApiError {
    ApiError::invalid_request(format!("Missing required field: {field}"))
}

/// Query-string parameters, with typed accessors that answer bad values with
/// `validation_error`.
#[derive(Debug, Clone, Default)]
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded_pairs(query)?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

fn serde_urlencoded_pairs(query: &str) -> ApiResult<Vec<(String, String)>> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{query}")
            .parse()
            .map_err(|_| ApiError::invalid_request("Malformed query string"))?,
    )
    .map(|q| q.0)
    .map_err(|_| ApiError::invalid_request("Malformed query string"))
}

impl Params {
    /// A parameter's value, treating an empty value as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A required parameter (`invalid_request` if absent).
    pub fn required(&self, name: &str) -> ApiResult<&str> {
        self.get(name)
            .ok_or_else(|| ApiError::invalid_request(format!("Missing required parameter: {name}")))
    }

    /// An integer parameter: `default` when absent, clamped to `max`, at least `min`.
    /// Non-numbers are `validation_error`.
    pub fn int(&self, name: &str, default: i64, min: i64, max: i64) -> ApiResult<i64> {
        match self.get(name) {
            None => Ok(default),
            Some(s) => match s.trim().parse::<i64>() {
                Ok(n) if n >= min => Ok(n.min(max)),
                _ => Err(ApiError::validation(format!(
                    "`{name}` must be an integer of at least {min}"
                ))),
            },
        }
    }

    /// A timestamp parameter (cursor or date filter).
    pub fn ts(&self, name: &str) -> ApiResult<Option<crate::time::Ts>> {
        match self.get(name) {
            None => Ok(None),
            Some(s) => crate::time::Ts::parse(s).map(Some).ok_or_else(|| {
                ApiError::validation(format!("`{name}` must be an ISO 8601 timestamp"))
            }),
        }
    }
}
