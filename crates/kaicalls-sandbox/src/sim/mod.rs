//! Call simulation: the lifecycle `queued → ringing → in-progress → completed` (or
//! `no-answer` / `failed` for magic numbers), then the transcript, analysis, lead upsert
//! and webhooks a finished call produces.

pub mod audio;
pub mod names;
pub mod transcript;

use std::hash::{DefaultHasher, Hash, Hasher};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::magic::{self, CallOutcome};
use crate::model::{Call, Lead};
use crate::state::{App, Db};
use crate::time::Ts;
use crate::webhook_out::{self, Delivery};
use transcript::{Conversation, Script};

/// Statuses a call can still leave (DESIGN.md contract notes, the shared vocabulary's
/// rule); anything else is final.
pub fn is_active(status: &str) -> bool {
    kaicalls_vocab::CallState::of(status).is_active()
}

/// A generator for everything random about one call, fixed by the seed and the call id
/// so outcomes do not depend on which calls ran first.
pub fn call_rng(seed: u64, call_id: &str) -> ChaCha8Rng {
    let mut h = DefaultHasher::new();
    call_id.hash(&mut h);
    ChaCha8Rng::seed_from_u64(seed ^ h.finish())
}

/// Runs the lifecycle of `call_id` in the background.
pub fn spawn(app: &App, call_id: String) {
    let task_app = app.clone();
    app.tasks.spawn(async move { run(task_app, call_id).await });
}

/// Continues every call that was still active when the state was saved.
pub fn resume_unfinished(app: &App) {
    let ids: Vec<String> = app
        .db()
        .calls
        .values()
        .filter(|c| is_active(&c.status))
        .map(|c| c.id.clone())
        .collect();
    for id in ids {
        spawn(app, id);
    }
}

fn rank(status: &str) -> u8 {
    match status {
        "queued" => 0,
        "ringing" => 1,
        "in-progress" => 2,
        _ => 3,
    }
}

async fn run(app: App, id: String) {
    let Some((created, to)) = app
        .db()
        .calls
        .get(&id)
        .map(|c| (c.created_at, c.to.clone()))
    else {
        return;
    };
    let total_ms = app.config.call_duration.as_millis() as f64;
    let steps: &[(f64, &str)] = match magic::call_outcome(&to) {
        CallOutcome::Completed => &[(0.15, "ringing"), (0.35, "in-progress"), (1.0, "completed")],
        CallOutcome::NoAnswer => &[(0.15, "ringing"), (1.0, "no-answer")],
        CallOutcome::Failed => &[(0.35, "failed")],
    };
    for (fraction, status) in steps {
        let deadline = created.plus_millis((fraction * total_ms) as i64);
        if let Ok(wait) = (deadline.0 - chrono::Utc::now()).to_std() {
            tokio::select! {
                _ = app.cancel.cancelled() => return,
                _ = tokio::time::sleep(wait) => {}
            }
        }
        if is_active(status) {
            let mut db = app.db_mut();
            if let Some(call) = db.calls.get_mut(&id) {
                if rank(&call.status) < rank(status) {
                    call.status = status.to_string();
                }
            }
        } else {
            let deliveries = {
                let mut db = app.db_mut();
                finish(&mut db, &app.base_url, &id, status)
            };
            for d in deliveries {
                webhook_out::deliver(&app, d).await;
            }
        }
    }
}

/// Where a call's recording is served.
pub fn recording_url(base_url: &str, call_id: &str) -> String {
    format!("{base_url}/sandbox/recordings/{call_id}.wav")
}

/// Ends a call with `status`, producing its conversation, lead and webhooks.
pub fn finish(db: &mut Db, base_url: &str, id: &str, status: &str) -> Vec<Delivery> {
    let Some(call) = db.calls.get(id).cloned() else {
        return Vec::new();
    };
    if !is_active(&call.status) {
        return Vec::new();
    }
    let at = db.now();
    let mut out = Vec::new();
    if status != "completed" {
        if let Some(c) = db.calls.get_mut(id) {
            c.status = status.to_string();
            c.duration = Some(0);
            c.ended_at = Some(at);
            c.ended_reason = Some(if status == "no-answer" {
                "customer-did-not-answer".into()
            } else {
                "call-start-error".into()
            });
        }
        if let Some(url) = &call.webhook_url {
            out.push(Delivery {
                business_id: Some(call.business_id.clone()),
                url: url.clone(),
                secret: db.webhooks.get(&call.business_id).map(|w| w.secret.clone()),
                event: "call.failed".into(),
                payload: json!({
                    "event": "call.failed",
                    "call_id": call.id,
                    "status": status,
                    "error": if status == "no-answer" { "no_answer" } else { "call_failed" },
                    "timestamp": webhook_out::event_time(at),
                }),
            });
        }
        return out;
    }

    let conv = converse_for(db, &call);
    let (lead_id, lead_created) = upsert_lead(db, &call, &conv, at);
    let recording = recording_url(base_url, &call.id);
    let agent_name = db
        .agents
        .get(&call.agent_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    if let Some(c) = db.calls.get_mut(id) {
        c.status = "completed".into();
        c.duration = Some(conv.duration);
        c.transcript = Some(conv.transcript.clone());
        c.summary = Some(conv.summary.clone());
        c.quality = Some(conv.quality.clone());
        c.ended_reason = Some(conv.ended_reason.clone());
        c.ended_at = Some(at);
        c.lead_id = Some(lead_id.clone());
    }

    let biz = call.business_id.as_str();
    if lead_created {
        if let Some(lead) = db.leads.get(&lead_id) {
            let data = json!({
                "id": lead.id, "name": lead.name, "email": lead.email,
                "phone": lead.phone, "source": lead.source,
            });
            out.extend(webhook_out::to_global(db, biz, "lead.created", data, at));
        }
    }
    let scored = json!({
        "lead_id": lead_id, "score": conv.score, "confidence": conv.confidence,
        "explanation": conv.explanation, "factors": conv.factors,
    });
    out.extend(webhook_out::to_global(db, biz, "lead.scored", scored, at));
    let completed = json!({
        "call_id": call.id, "status": "completed", "duration": conv.duration,
        "agent_name": agent_name, "ended_reason": conv.ended_reason,
        "recording_url": recording, "summary": conv.summary,
    });
    out.extend(webhook_out::to_global(
        db,
        biz,
        "call.completed",
        completed.clone(),
        at,
    ));
    if let Some(url) = &call.webhook_url {
        out.push(Delivery {
            business_id: Some(biz.to_string()),
            url: url.clone(),
            secret: db.webhooks.get(biz).map(|w| w.secret.clone()),
            event: "call.completed".into(),
            payload: webhook_out::envelope("call.completed", biz, completed, at),
        });
    }
    out
}

/// The conversation a call has, from its agent's prompts for that direction.
pub fn converse_for(db: &Db, call: &Call) -> Conversation {
    let agent = db.agents.get(&call.agent_id);
    let business_name = db
        .businesses
        .get(&call.business_id)
        .map(|b| b.name.as_str())
        .unwrap_or("our office");
    let outbound = call.direction == "outbound";
    let (prompt, first_message) = match (agent, outbound) {
        (Some(a), true) => (
            a.outbound_prompt.as_str(),
            call.first_message
                .as_deref()
                .unwrap_or(a.outbound_first_message.as_str()),
        ),
        (Some(a), false) => (a.inbound_prompt.as_str(), a.first_message.as_str()),
        (None, _) => ("", "Hello! How can I help you today?"),
    };
    let mut rng = call_rng(db.seed, &call.id);
    transcript::converse(
        &mut rng,
        &Script {
            agent_name: agent.map(|a| a.name.as_str()).unwrap_or("Kai"),
            business_name,
            prompt,
            first_message,
            person: call.name.as_deref(),
            context: call.context.as_deref(),
            outbound,
            max_duration: call.max_duration,
        },
    )
}

/// Creates or updates the lead a finished call belongs to: the one it was linked to,
/// else the business's lead with that phone number, else a new one.
fn upsert_lead(db: &mut Db, call: &Call, conv: &Conversation, at: Ts) -> (String, bool) {
    let existing = call
        .lead_id
        .clone()
        .filter(|id| db.leads.contains_key(id))
        .or_else(|| {
            db.leads
                .values()
                .find(|l| l.business_id == call.business_id && l.phone.as_deref() == Some(&call.to))
                .map(|l| l.id.clone())
        });
    if let Some(id) = existing {
        if let Some(lead) = db.leads.get_mut(&id) {
            lead.interaction_count += 1;
            lead.score = Some(conv.score);
            if lead.status == "new" && call.direction == "outbound" {
                lead.status = "contacted".into();
            }
            if lead.name.is_none() {
                if let Some(name) = &call.name {
                    set_name(lead, name);
                }
            }
            lead.updated_at = at;
        }
        return (id, false);
    }
    let id = db.uuid();
    let source = if call.direction == "outbound" {
        "outbound_call"
    } else {
        "inbound_call"
    };
    let mut lead = Lead::blank(id.clone(), &call.business_id, "new", source, at);
    lead.agent_id = Some(call.agent_id.clone());
    lead.phone = Some(call.to.clone());
    lead.score = Some(conv.score);
    lead.interaction_count = 1;
    if let Some(name) = &call.name {
        set_name(&mut lead, name);
        if let (Some(first), Some(last)) = (&lead.first_name, &lead.last_name) {
            lead.email = Some(names::email(first, last));
        }
    }
    db.leads.insert(id.clone(), lead);
    (id, true)
}

/// Sets `name`, `first_name` and `last_name` from a full name.
pub fn set_name(lead: &mut Lead, full: &str) {
    let full = full.trim();
    lead.name = Some(full.to_string());
    let mut parts = full.splitn(2, char::is_whitespace);
    lead.first_name = parts.next().map(str::to_string);
    lead.last_name = parts
        .next()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
}
