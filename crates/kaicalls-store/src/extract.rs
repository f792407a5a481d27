//! From server JSON to typed columns.
//!
//! Columns are always derived from the merged `raw` object, never set on their own, so the
//! two can't disagree and a future migration can re-derive a column from `raw`. Reading is
//! lenient (a number where a string was expected becomes text, a numeric string becomes a
//! number): the server's types drift, and a cache that refuses data is worse than one that
//! shows it.

use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};

use crate::model::Collection;

/// How one collection is stored.
pub(crate) struct Spec {
    /// The table (also the collection's name).
    pub table: &'static str,
    /// Keys that may carry the item's id, first match wins (`call_id` in webhooks, …).
    pub id_keys: &'static [&'static str],
    /// Typed columns besides the common spine, in the order [`derive()`] returns them.
    pub columns: &'static [&'static str],
    /// A large text key kept only in its own column, not also in `raw`.
    pub lifted: Option<&'static str>,
}

const BUSINESSES: Spec = Spec {
    table: "businesses",
    id_keys: &["business_id", "id"],
    columns: &["name", "subscription_status"],
    lifted: None,
};

const AGENTS: Spec = Spec {
    table: "agents",
    id_keys: &["id", "agent_id"],
    columns: &["name", "business_id", "phone_number"],
    lifted: None,
};

const NUMBERS: Spec = Spec {
    table: "numbers",
    id_keys: &["id"],
    columns: &["phone_number", "agent_id", "business_id"],
    lifted: None,
};

const CALLS: Spec = Spec {
    table: "calls",
    id_keys: &["id", "call_id"],
    columns: &[
        "conversation_id",
        "status",
        "status_norm",
        "direction",
        "duration",
        "agent_id",
        "agent_name",
        "business_id",
        "lead_id",
        "to_number",
        "customer_name",
        "summary",
        "recording_url",
        "ended_reason",
    ],
    lifted: None,
};

const LEADS: Spec = Spec {
    table: "leads",
    id_keys: &["id", "lead_id"],
    columns: &[
        "name",
        "first_name",
        "last_name",
        "email",
        "phone",
        "status",
        "source",
        "agent_id",
        "agent_name",
        "business_id",
        "notes",
        "score",
        "updated_at",
    ],
    lifted: None,
};

const TRANSCRIPTS: Spec = Spec {
    table: "transcripts",
    id_keys: &["call_id", "id"],
    columns: &[
        "conversation_id",
        "agent_id",
        "agent_name",
        "status",
        "duration",
        "summary",
        "transcript",
    ],
    lifted: Some("transcript"),
};

pub(crate) fn spec(collection: Collection) -> &'static Spec {
    match collection {
        Collection::Businesses => &BUSINESSES,
        Collection::Agents => &AGENTS,
        Collection::Numbers => &NUMBERS,
        Collection::Calls => &CALLS,
        Collection::Leads => &LEADS,
        Collection::Transcripts => &TRANSCRIPTS,
    }
}

/// The longest id accepted; anything longer is not an id the server made.
const MAX_ID_LEN: usize = 512;

/// The item's id, as text.
pub(crate) fn id_of(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| as_text(obj.get(*k)))
        .filter(|id| !id.is_empty() && id.len() <= MAX_ID_LEN)
}

/// Text from a JSON value: strings as they are, numbers and booleans spelled out.
pub(crate) fn as_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn as_int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().map(|f| f.round() as i64)),
        _ => None,
    }
}

fn text(obj: &Map<String, Value>, keys: &[&str]) -> Sql {
    keys.iter()
        .find_map(|k| as_text(obj.get(*k)))
        .map_or(Sql::Null, Sql::Text)
}

fn int(obj: &Map<String, Value>, key: &str) -> Sql {
    as_int(obj.get(key)).map_or(Sql::Null, Sql::Integer)
}

/// Folds the call status spellings the server uses into one per meaning, so "ended" and
/// "completed" (or "in_progress" and "in-progress") count and filter as the same thing.
/// The rule is the shared vocabulary's; the `status_norm` column stores its result.
pub(crate) fn normalize_call_status(status: &str) -> String {
    kaicalls_vocab::fold_call_status(status)
}

/// Lead statuses are pipeline keys: compared lower-case and trimmed.
pub(crate) fn normalize_lead_status(status: &str) -> String {
    status.trim().to_lowercase()
}

fn lead_name(obj: &Map<String, Value>) -> Sql {
    if let Some(name) = as_text(obj.get("name")).filter(|n| !n.trim().is_empty()) {
        return Sql::Text(name);
    }
    let parts: Vec<String> = ["first_name", "last_name"]
        .iter()
        .filter_map(|k| as_text(obj.get(*k)))
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.is_empty() {
        Sql::Null
    } else {
        Sql::Text(parts.join(" "))
    }
}

/// The typed column values for `collection`, in `spec(collection).columns` order.
pub(crate) fn derive(collection: Collection, obj: &Map<String, Value>) -> Vec<Sql> {
    match collection {
        Collection::Businesses => vec![
            text(obj, &["business_name", "name"]),
            text(obj, &["subscription_status"]),
        ],
        Collection::Agents => vec![
            text(obj, &["name"]),
            text(obj, &["business_id"]),
            text(obj, &["phone_number"]),
        ],
        Collection::Numbers => vec![
            text(obj, &["phone_number"]),
            text(obj, &["agent_id"]),
            text(obj, &["business_id"]),
        ],
        Collection::Calls => {
            let status = as_text(obj.get("status"));
            vec![
                text(obj, &["conversation_id"]),
                status.clone().map_or(Sql::Null, Sql::Text),
                status
                    .map(|s| normalize_call_status(&s))
                    .map_or(Sql::Null, Sql::Text),
                text(obj, &["direction"]),
                int(obj, "duration"),
                text(obj, &["agent_id"]),
                text(obj, &["agent_name"]),
                text(obj, &["business_id"]),
                text(obj, &["lead_id"]),
                text(obj, &["to"]),
                text(obj, &["name", "customer_name"]),
                text(obj, &["summary"]),
                text(obj, &["recording_url"]),
                text(obj, &["ended_reason"]),
            ]
        }
        Collection::Leads => vec![
            lead_name(obj),
            text(obj, &["first_name"]),
            text(obj, &["last_name"]),
            text(obj, &["email"]),
            text(obj, &["phone"]),
            as_text(obj.get("status"))
                .map(|s| normalize_lead_status(&s))
                .map_or(Sql::Null, Sql::Text),
            text(obj, &["source"]),
            text(obj, &["agent_id"]),
            text(obj, &["agent_name"]),
            text(obj, &["business_id"]),
            text(obj, &["notes"]),
            int(obj, "score"),
            text(obj, &["updated_at"]),
        ],
        Collection::Transcripts => vec![
            text(obj, &["conversation_id"]),
            text(obj, &["agent_id"]),
            text(obj, &["agent_name"]),
            text(obj, &["status"]),
            int(obj, "duration"),
            text(obj, &["summary"]),
            match obj.get("transcript") {
                Some(Value::String(s)) => Sql::Text(s.clone()),
                _ => Sql::Null,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_spec_derives_one_value_per_column() {
        let empty = Map::new();
        for c in Collection::ALL {
            assert_eq!(derive(c, &empty).len(), spec(c).columns.len(), "{c}");
        }
    }

    #[test]
    fn statuses_fold_to_one_spelling() {
        assert_eq!(normalize_call_status("ended"), "completed");
        assert_eq!(normalize_call_status("Completed"), "completed");
        assert_eq!(normalize_call_status("in_progress"), "in-progress");
        assert_eq!(normalize_call_status("started"), "in-progress");
        assert_eq!(normalize_call_status("no-answer"), "no-answer");
    }

    #[test]
    fn lead_name_falls_back_to_first_and_last() {
        let obj = json!({"first_name": "Jane", "last_name": "Doe"});
        let Value::Object(obj) = obj else { panic!() };
        assert_eq!(lead_name(&obj), Sql::Text("Jane Doe".into()));
    }

    #[test]
    fn ids_and_numbers_are_read_leniently() {
        let Value::Object(obj) = json!({"call_id": 42, "duration": "127.4"}) else {
            panic!()
        };
        assert_eq!(id_of(&obj, &["id", "call_id"]).as_deref(), Some("42"));
        assert_eq!(int(&obj, "duration"), Sql::Integer(127));
    }
}
