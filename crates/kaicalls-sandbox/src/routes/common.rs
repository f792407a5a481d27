//! Helpers shared by routes: cursor paging and the per-endpoint views of calls and
//! leads (each endpoint shows exactly the fields the reference shows for it).

use indexmap::IndexMap;
use kaicalls_vocab::PipelineStage;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::magic;
use crate::model::{Call, Lead};
use crate::sim;
use crate::state::Db;
use crate::time::Ts;

/// One page of a collection kept in `created_at` order: newest first, strictly older
/// than `after`, at most `limit` items passing `keep`, and whether more match.
pub fn page<T>(
    items: &IndexMap<String, T>,
    created_at: impl Fn(&T) -> Ts,
    after: Option<Ts>,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> (Vec<&T>, bool) {
    let end = match after {
        Some(after) => items
            .as_slice()
            .partition_point(|_, v| created_at(v) < after),
        None => items.len(),
    };
    let mut out = Vec::with_capacity(limit.min(end));
    for i in (0..end).rev() {
        let Some((_, item)) = items.get_index(i) else {
            continue;
        };
        if !keep(item) {
            continue;
        }
        if out.len() == limit {
            return (out, true);
        }
        out.push(item);
    }
    (out, false)
}

/// Records of a `created_at`-ordered collection created in `[start, end)` (open-ended
/// without `end`), oldest first; the start is found by binary search.
pub fn created_in<T>(
    items: &IndexMap<String, T>,
    created_at: impl Fn(&T) -> Ts,
    start: Ts,
    end: Option<Ts>,
) -> impl Iterator<Item = &T> {
    let first = items
        .as_slice()
        .partition_point(|_, v| created_at(v) < start);
    items
        .values()
        .skip(first)
        .take_while(move |v| end.is_none_or(|e| created_at(v) < e))
}

/// Name of an agent, or null.
pub fn agent_name(db: &Db, agent_id: Option<&str>) -> Value {
    agent_id
        .and_then(|id| db.agents.get(id))
        .map(|a| Value::String(a.name.clone()))
        .unwrap_or(Value::Null)
}

/// A call as `GET /calls` lists it.
pub fn call_summary(db: &Db, c: &Call) -> Value {
    json!({
        "id": c.id,
        "conversation_id": c.conversation_id,
        "status": c.status,
        "duration": c.duration,
        "agent_id": c.agent_id,
        "agent_name": agent_name(db, Some(&c.agent_id)),
        "created_at": c.created_at,
    })
}

/// A call as `GET /calls?id=` shows it.
pub fn call_detail(db: &Db, base_url: &str, c: &Call) -> Value {
    json!({
        "id": c.id,
        "conversation_id": c.conversation_id,
        "status": c.status,
        "direction": c.direction,
        "duration": c.duration,
        "agent_id": c.agent_id,
        "agent_name": agent_name(db, Some(&c.agent_id)),
        "business_id": c.business_id,
        "lead_id": c.lead_id,
        "summary": c.summary,
        "recording_url": (c.status == "completed").then(|| sim::recording_url(base_url, &c.id)),
        "quality_dimensions": c.quality,
        "created_at": c.created_at,
    })
}

/// A lead as `GET /leads` lists it.
pub fn lead_summary(db: &Db, l: &Lead) -> Value {
    json!({
        "id": l.id,
        "name": l.name,
        "first_name": l.first_name,
        "last_name": l.last_name,
        "email": l.email,
        "phone": l.phone,
        "status": l.status,
        "source": l.source,
        "agent_id": l.agent_id,
        "agent_name": agent_name(db, l.agent_id.as_deref()),
        "business_id": l.business_id,
        "created_at": l.created_at,
        "updated_at": l.updated_at,
    })
}

/// A lead as `PATCH /leads` returns it.
pub fn lead_patched(db: &Db, l: &Lead) -> Value {
    let mut v = lead_summary(db, l);
    if let Value::Object(m) = &mut v {
        for (k, val) in [
            ("zip", json!(l.zip)),
            ("address", json!(l.address)),
            ("city", json!(l.city)),
            ("state", json!(l.state)),
            ("notes", json!(l.notes)),
        ] {
            m.insert(k.into(), val);
        }
    }
    v
}

/// A lead as `GET /leads?id=` shows it.
pub fn lead_detail(db: &Db, l: &Lead) -> Value {
    let mut v = lead_patched(db, l);
    if let Value::Object(m) = &mut v {
        for (k, val) in [
            ("source_url", json!(l.source_url)),
            ("source_page", json!(l.source_page)),
            ("message", json!(l.message)),
            ("event_date", json!(l.event_date)),
            ("event_type", json!(l.event_type)),
        ] {
            m.insert(k.into(), val);
        }
    }
    v
}

/// `validation_error` unless `status` is a documented lead status (exactly as spelled).
pub fn check_lead_status(status: &str) -> ApiResult<()> {
    if PipelineStage::ALL.iter().any(|s| s.as_str() == status) {
        Ok(())
    } else {
        let names: Vec<&str> = PipelineStage::ALL.iter().map(|s| s.as_str()).collect();
        Err(ApiError::validation(format!(
            "status must be one of: {}",
            names.join(", ")
        )))
    }
}

/// `validation_error` unless `number` is E.164.
pub fn check_e164(field: &str, number: &str) -> ApiResult<()> {
    if magic::is_e164(number) {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "`{field}` must be a phone number in E.164 format, e.g. +15125551234"
        )))
    }
}

/// A plausible email address: one `@`, something before it, a dotted domain after it.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// `validation_error` unless `url` is an absolute http(s) URL.
pub fn check_url(field: &str, url: &str) -> ApiResult<()> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(ApiError::validation(format!(
            "`{field}` must be an absolute http(s) URL"
        ))),
    }
}

/// `since` for a look-back of `days`.
pub fn since(days: i64) -> Ts {
    Ts::now().plus_secs(-days * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("jane@example.com"));
        assert!(!is_email("jane"));
        assert!(!is_email("jane@example"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("ja ne@example.com"));
    }

    #[test]
    fn paging_walks_newest_first_with_exact_cursor() {
        let mut items = IndexMap::new();
        let base = Ts::now();
        for i in 0..10 {
            items.insert(i.to_string(), (i, base.plus_secs(i)));
        }
        let (first, more) = page(&items, |v| v.1, None, 4, |_| true);
        assert_eq!(first.iter().map(|v| v.0).collect::<Vec<_>>(), [9, 8, 7, 6]);
        assert!(more);
        let (second, _) = page(&items, |v| v.1, Some(first[3].1), 4, |_| true);
        assert_eq!(second.iter().map(|v| v.0).collect::<Vec<_>>(), [5, 4, 3, 2]);
        let (last, more) = page(&items, |v| v.1, Some(second[3].1), 4, |v| v.0 % 2 == 0);
        assert_eq!(last.iter().map(|v| v.0).collect::<Vec<_>>(), [0]);
        assert!(!more);
    }
}
