//! Bearer-key authentication, scopes, rate limits and the usage log, applied to every
//! `/api/` request by one middleware so no route can forget them.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::limits::Class;
use crate::model::UsageLog;
use crate::server::Peer;
use crate::state::{App, Db, hash_key};
use crate::time::Ts;

/// What a handler did that a retry could repeat. Handlers attach it to their response;
/// the usage log reads `call_id` from it and the fault ledger records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SideEffect {
    /// `call`, `sms`, `signup`, `eval_run`, `sdr_action`, ...
    pub kind: &'static str,
    /// Id of what was created.
    pub id: String,
}

/// Attaches a [`SideEffect`] to a response.
pub fn with_effect(response: impl IntoResponse, kind: &'static str, id: String) -> Response {
    let mut response = response.into_response();
    response.extensions_mut().insert(SideEffect { kind, id });
    response
}

/// The authenticated API key behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Id of the key (never the key itself).
    pub key_id: String,
    /// The key's owner.
    pub user_id: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Businesses this key may act on.
    pub business_ids: Vec<String>,
}

impl Caller {
    /// `forbidden` unless the key has `scope` (or `*`).
    pub fn require(&self, scope: &str) -> ApiResult<()> {
        if self.scopes.iter().any(|s| s == scope || s == "*") {
            Ok(())
        } else {
            Err(ApiError::forbidden(scope))
        }
    }

    /// Whether the key may act on `business_id`.
    pub fn can_access(&self, business_id: &str) -> bool {
        self.business_ids.iter().any(|b| b == business_id)
    }

    /// The business a request is about: the one it names (if accessible), or the key's
    /// only business. A key spanning several businesses must name one.
    pub fn business(&self, requested: Option<&str>) -> ApiResult<String> {
        match requested {
            Some(id) if self.can_access(id) => Ok(id.to_string()),
            Some(_) => Err(ApiError::not_found("Business")),
            None => match self.business_ids.as_slice() {
                [only] => Ok(only.clone()),
                [] => Err(ApiError::not_found("Business")),
                _ => Err(ApiError::invalid_request(
                    "business_id is required when the API key spans several businesses",
                )),
            },
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("Missing API key"))
    }
}

/// Resolves the `Authorization: Bearer` key against the stored hashes.
pub fn authenticate(db: &mut Db, headers: &HeaderMap) -> ApiResult<Caller> {
    let header = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    let key = match header.split_once(' ') {
        Some((scheme, key)) if scheme.eq_ignore_ascii_case("bearer") => key.trim(),
        _ => "",
    };
    if key.is_empty() {
        return Err(ApiError::unauthorized(
            "Missing API key: send it as 'Authorization: Bearer <key>'",
        ));
    }
    let now = Ts::now();
    let record = db
        .keys
        .get_mut(&hash_key(key))
        .ok_or_else(|| ApiError::unauthorized("Invalid API key"))?;
    if !record.is_active {
        return Err(ApiError::unauthorized("This API key has been revoked"));
    }
    if record.expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::unauthorized("This API key has expired"));
    }
    record.last_used_at = Some(now);
    let (key_id, user_id, scopes, key_business) = (
        record.id.clone(),
        record.user_id.clone(),
        record.scopes.clone(),
        record.business_id.clone(),
    );
    let business_ids = db.businesses_of(&user_id, key_business.as_deref());
    Ok(Caller {
        key_id,
        user_id,
        scopes,
        business_ids,
    })
}

/// Middleware for `/api/`: authenticate, rate-limit, run, log usage.
pub async fn guard(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().trim_end_matches('/').to_string();
    let class = Class::of(&method, &path);

    if path == "/api/v1/signup" {
        let ip = req
            .extensions()
            .get::<Peer>()
            .map(|p| p.0.ip().to_string())
            .unwrap_or_default();
        if let Some(class) = class {
            if let Err(wait) = app.limits.check(class, &ip) {
                return ApiError::rate_limited(
                    wait,
                    "Too many signups from this IP (5/hour limit)",
                )
                .into_response();
            }
        }
        return next.run(req).await;
    }

    let caller = {
        let mut db = app.db_mut();
        authenticate(&mut db, req.headers())
    };
    let caller = match caller {
        Ok(caller) => caller,
        Err(e) => return e.into_response(),
    };

    let limited = class.and_then(|class| app.limits.check(class, &caller.key_id).err());
    let response = match limited {
        Some(wait) => {
            ApiError::rate_limited(wait, format!("Too many requests: try again in {wait} s"))
                .into_response()
        }
        None => {
            req.extensions_mut().insert(caller.clone());
            next.run(req).await
        }
    };

    let status = response.status();
    let call_id = response
        .extensions()
        .get::<SideEffect>()
        .filter(|e| e.kind == "call")
        .map(|e| e.id.clone());
    // `POST /calls` answers 201, the MCP `make_call` tool 200: both placed a billed call.
    let cost_cents = if call_id.is_some() && status.is_success() {
        CALL_DIAL_COST_CENTS
    } else {
        0
    };
    let mut db = app.db_mut();
    let row = UsageLog {
        id: db.uuid(),
        user_id: caller.user_id,
        key_id: caller.key_id,
        endpoint: path.trim_start_matches("/api").to_string(),
        method: method.to_string(),
        status_code: status.as_u16(),
        call_id,
        cost_cents,
        created_at: db.now(),
    };
    db.log_usage(row);
    response
}

/// What the usage log charges for placing a call (the reference's example shows 15).
pub const CALL_DIAL_COST_CENTS: u32 = 15;
