//! Request extractors that turn every malformed input into a documented error instead
//! of axum's plain-text rejections.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};

/// Largest body the sandbox accepts (KaiCalls' own limit is not documented; prompts can
/// be long, so this is generous).
const MAX_BODY: usize = 1024 * 1024;

/// A JSON object body. Anything that is not a JSON object is `invalid_request`.
#[derive(Debug, Clone, Default)]
pub struct Body(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
            .await
            .map_err(|_| ApiError::invalid_request("Request body is too large or unreadable"))?;
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
