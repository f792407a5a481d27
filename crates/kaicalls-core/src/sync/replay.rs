//! Sending queued lead edits, in order, when KaiCalls can be reached.
//!
//! Per lead (leads in the order of their oldest pending edit), the engine reads the
//! server's copy once, then decides for each edit, oldest first:
//!
//! 1. The server already holds every value of the edit: it is **applied** without sending
//!    (this is how an edit whose PATCH went through just before a crash is recognised).
//! 2. The server's `updated_at` is newer than the moment the user made the edit, and that
//!    change was not our own earlier edit: the newer change wins, the edit is
//!    **superseded** and `EditSuperseded` says in plain words which edit lost and why.
//! 3. Otherwise its fields join one PATCH for the lead (a later edit's value of a field
//!    wins over an earlier one's, as the user made them in that order), minus fields the
//!    server already has; when it is accepted, every joined edit is **applied** and the
//!    cache takes the server's answer in the same transaction (`mark_edit_applied`).
//!
//! A network failure leaves the remaining edits pending (with the attempt counted) and
//! fails the pass, so the engine goes offline and retries later. An answer that can never
//! succeed (`validation_error`, an invalid phone number, a lead the server no longer has)
//! supersedes the edits it carried, with the server's reason.
//!
//! The comparison uses the server's clock for `updated_at` and this computer's for the
//! edit; a clock that is far off shifts the line between "newer" and "older" by as much.

use kaicalls_vocab::Code;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kaicalls_api::Client;
use kaicalls_api::models::{LeadStatus, UpdateLead};
use kaicalls_store::OutboxEntry;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::outbox::Outbox;
use crate::sync::sources::to_value;
use crate::sync::walk::instant;

/// What sending the outbox did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// Edits the server now holds.
    pub applied: usize,
    /// Edits dropped because a newer server change won (or the server refused them).
    pub superseded: usize,
    /// PATCH requests sent.
    pub requests: usize,
}

/// Errors a repeat of the same edit can never get past.
fn refused(err: &kaicalls_api::Error) -> bool {
    matches!(
        err.code(),
        Code::ValidationError | Code::InvalidRequest | Code::InvalidPhoneNumber | Code::NotFound
    )
}

/// The PATCH body of `fields`, or why it cannot be sent.
fn update_of(
    lead_id: &str,
    fields: &Map<String, Value>,
) -> std::result::Result<UpdateLead, String> {
    let mut update = UpdateLead::new(lead_id);
    for (key, value) in fields {
        let Some(text) = value.as_str().map(str::to_owned) else {
            return Err(format!("KaiCalls has no way to clear the {key} of a lead"));
        };
        let slot = match key.as_str() {
            "status" => {
                update.status = Some(LeadStatus::from(text));
                continue;
            }
            "name" => &mut update.name,
            "first_name" => &mut update.first_name,
            "last_name" => &mut update.last_name,
            "email" => &mut update.email,
            "phone" => &mut update.phone,
            "source" => &mut update.source,
            "notes" => &mut update.notes,
            "address" => &mut update.address,
            "city" => &mut update.city,
            "state" => &mut update.state,
            "zip" => &mut update.zip,
            other => return Err(format!("the field {other:?} can't be edited")),
        };
        *slot = Some(text);
    }
    Ok(update)
}

/// "status to \"qualified\" and notes", for messages.
fn describe(fields: &Map<String, Value>) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let name = k.replace('_', " ");
            match v.as_str() {
                Some(text) if k != "notes" && text.chars().count() <= 40 => {
                    format!("{name} to \"{text}\"")
                }
                _ => name,
            }
        })
        .collect();
    match parts.split_last() {
        None => "nothing".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Whether the server copy already holds every value of `fields`.
fn holds(server: &Value, fields: &Map<String, Value>) -> bool {
    fields.iter().all(|(k, v)| server.get(k) == Some(v))
}

impl Outbox {
    async fn supersede(&self, entry: &OutboxEntry, reason: String) -> Result<()> {
        let (id, why) = (entry.id, reason.clone());
        self.cache()
            .with(move |s| s.mark_edit_superseded(id, &why))
            .await?;
        self.cache().bus().publish(CoreEvent::EditSuperseded {
            edit_id: entry.id,
            lead_id: entry.lead_id.clone(),
            reason,
        });
        Ok(())
    }

    /// Sends every pending edit, in order; see the module docs for the rules.
    pub async fn replay(&self, client: &Client) -> Result<ReplayReport> {
        let pending = self.cache().with(|s| s.pending_edits()).await?;
        let mut order: Vec<String> = Vec::new();
        let mut by_lead: HashMap<String, Vec<OutboxEntry>> = HashMap::new();
        for entry in pending {
            if !by_lead.contains_key(&entry.lead_id) {
                order.push(entry.lead_id.clone());
            }
            by_lead
                .entry(entry.lead_id.clone())
                .or_default()
                .push(entry);
        }
        let mut report = ReplayReport::default();
        for lead_id in order {
            let edits = by_lead.remove(&lead_id).unwrap_or_default();
            self.replay_lead(client, &lead_id, edits, &mut report)
                .await?;
            self.cache()
                .bus()
                .publish(CoreEvent::LeadChanged { lead_id });
        }
        Ok(report)
    }

    async fn replay_lead(
        &self,
        client: &Client,
        lead_id: &str,
        edits: Vec<OutboxEntry>,
        report: &mut ReplayReport,
    ) -> Result<()> {
        let server = match client.leads().get(lead_id).await {
            Ok(lead) => lead,
            Err(e) if e.code() == Code::NotFound => {
                for edit in &edits {
                    let reason = format!(
                        "Your change to {} was not sent: this lead no longer exists on KaiCalls.",
                        describe(&edit.fields)
                    );
                    self.supersede(edit, reason).await?;
                    report.superseded += 1;
                }
                return Ok(());
            }
            Err(e) => return Err(CoreError::Api(e)),
        };
        let server_json = to_value(&server)?;
        let who = server
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "this lead".into());
        let server_time = instant(&server.updated_at);
        let ours = self.own_writes.lock().get(lead_id) == Some(&server.updated_at);

        let mut body = Map::new();
        let mut joined = Vec::new();
        let mut already = Vec::new();
        for edit in edits {
            if holds(&server_json, &edit.fields) {
                already.push(edit);
                continue;
            }
            if let Err(why) = update_of(lead_id, &edit.fields) {
                let reason = format!("Your change to {who} was not sent: {why}.");
                self.supersede(&edit, reason).await?;
                report.superseded += 1;
                continue;
            }
            let newer = server_time.filter(|t| !ours && *t > edit.created_at);
            if let Some(changed_at) = newer {
                let reason = format!(
                    "Your change to {who}'s {} (made {}) was not sent: the lead was changed on \
                     KaiCalls at {}, after your edit, and the newer change wins.",
                    describe(&edit.fields),
                    when(edit.created_at),
                    when(changed_at),
                );
                self.supersede(&edit, reason).await?;
                report.superseded += 1;
                continue;
            }
            body.extend(edit.fields.clone());
            joined.push(edit);
        }
        body.retain(|k, v| server_json.get(k) != Some(v));

        let answer = if body.is_empty() {
            server_json
        } else {
            let update = update_of(lead_id, &body).map_err(|why| {
                CoreError::Interrupted(format!("a checked edit became unsendable: {why}"))
            })?;
            report.requests += 1;
            match client.leads().update(update).await {
                Ok(answer) => {
                    self.own_writes
                        .lock()
                        .insert(lead_id.to_owned(), answer.updated_at.clone());
                    to_value(&answer)?
                }
                Err(e) if refused(&e) => {
                    for edit in joined.drain(..) {
                        let reason = format!(
                            "KaiCalls refused your change to {who}'s {}: {e}",
                            describe(&edit.fields)
                        );
                        self.supersede(&edit, reason).await?;
                        report.superseded += 1;
                    }
                    server_json
                }
                Err(e) => {
                    let ids: Vec<i64> = joined.iter().map(|e| e.id).collect();
                    let message = e.to_string();
                    self.cache()
                        .with(move |s| {
                            for id in ids {
                                s.record_edit_failure(id, &message)?;
                            }
                            Ok(())
                        })
                        .await?;
                    return Err(CoreError::Api(e));
                }
            }
        };
        let ids: Vec<i64> = joined.iter().chain(&already).map(|e| e.id).collect();
        report.applied += ids.len();
        self.cache()
            .with(move |s| {
                for id in ids {
                    s.mark_edit_applied(id, Some(&answer))?;
                }
                Ok(())
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn describes_fields_in_plain_words() {
        let f = map(json!({"status": "qualified", "notes": "call back Tuesday"}));
        let text = describe(&f);
        assert!(text.contains("status to \"qualified\""), "{text}");
        assert!(text.contains(" and "), "{text}");
        assert!(
            !text.contains("Tuesday"),
            "notes are named, not quoted: {text}"
        );
        let f = map(json!({"first_name": "Ann"}));
        assert_eq!(describe(&f), "first name to \"Ann\"");
    }

    #[test]
    fn builds_patch_bodies_with_only_the_given_fields() {
        let u = update_of("l1", &map(json!({"status": "lost", "zip": "78701"}))).unwrap();
        let body = serde_json::to_value(&u).unwrap();
        assert_eq!(body, json!({"id": "l1", "status": "lost", "zip": "78701"}));
        assert!(update_of("l1", &map(json!({"notes": null}))).is_err());
        assert!(update_of("l1", &map(json!({"score": "9"}))).is_err());
    }
}
