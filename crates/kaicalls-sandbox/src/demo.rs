//! The account every sandbox starts with, the `--demo` data set (a two-office law firm
//! with 90 days of history) and `--scale` benchmark data.

use rand::Rng;
use rand::seq::IndexedRandom;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::DemoAccount;
use crate::config::{SandboxConfig, Scale};
use crate::model::{Business, Call, CallParty, Eval, Lead, Sms};
use crate::provision::{self, SignupInput};
use crate::sim::{self, names, transcript};
use crate::state::{ALL_SCOPES, Db, hash_key};
use crate::time::Ts;

const DEMO_EMAIL: &str = "owner@smithlee.example";

/// Makes sure the demo account exists (seeding data as configured) and gives it this
/// start's key: the one offered in `config.demo_key` when still valid, else a new one.
pub fn ensure_account(db: &mut Db, config: &SandboxConfig) -> DemoAccount {
    let reusable = config
        .demo_key
        .as_ref()
        .map(|k| k.expose_secret().to_string())
        .filter(|k| {
            db.keys.get(&hash_key(k)).is_some_and(|record| {
                record.is_active
                    && record.expires_at.is_none()
                    && db.demo_user_id.as_deref() == Some(record.user_id.as_str())
            })
        });
    let api_key = match (
        reusable,
        &db.demo_user_id,
        &db.demo_business_id,
        &db.demo_agent_id,
    ) {
        (Some(key), Some(_), Some(_), Some(_)) => key,
        (None, Some(user), Some(_), Some(_)) => {
            let user = user.clone();
            db.mint_key(
                &user,
                None,
                "Sandbox session key",
                ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
            )
            .0
        }
        _ => {
            let account = provision::create_account(
                db,
                SignupInput {
                    business_name: "Smith & Lee Law".into(),
                    email: DEMO_EMAIL.into(),
                    business_type: Some("Legal Services".into()),
                    website: Some("https://smithlee.example".into()),
                    phone_forward_to: None,
                },
            );
            db.demo_user_id = Some(account.user_id);
            db.demo_business_id = Some(account.business_id);
            db.demo_agent_id = Some(account.agent_id);
            account.api_key
        }
    };
    if config.demo && !db.demo_seeded {
        seed_demo(db);
        db.demo_seeded = true;
    }
    if let Some(scale) = config.scale {
        if !db.scale_applied {
            seed_scale(db, scale);
            db.scale_applied = true;
        }
    }
    DemoAccount {
        api_key: SecretString::from(api_key),
        business_id: db.demo_business_id.clone().unwrap_or_default(),
        agent_id: db.demo_agent_id.clone().unwrap_or_default(),
        email: db
            .demo_user_id
            .as_ref()
            .and_then(|u| db.users.get(u))
            .map(|u| u.email.clone())
            .unwrap_or_default(),
    }
}

/// A historic record waiting to be inserted in time order.
enum Item {
    Lead(Box<Lead>),
    Call(Box<Call>),
    Sms(Box<Sms>),
}

fn set_item_time(item: &mut Item, t: Ts) {
    match item {
        Item::Lead(l) => {
            l.updated_at = l.updated_at.max(t);
            l.created_at = t;
        }
        Item::Call(c) => c.created_at = t,
        Item::Sms(s) => s.created_at = t,
    }
}

fn item_time(item: &Item) -> Ts {
    match item {
        Item::Lead(l) => l.created_at,
        Item::Call(c) => c.created_at,
        Item::Sms(s) => s.created_at,
    }
}

/// Inserts historic records and restores `created_at` order in every collection they
/// join (they may interleave with records already there), moving the clock past them.
fn insert_in_order(db: &mut Db, mut items: Vec<Item>) {
    items.sort_by_key(item_time);
    // Random ages can coincide; nudge ties apart so every created_at stays unique.
    let mut last: Option<Ts> = None;
    for item in &mut items {
        let t = item_time(item);
        if let Some(prev) = last.filter(|p| t <= *p) {
            set_item_time(item, prev.plus_micros(1));
        }
        last = Some(item_time(item));
    }
    for item in items {
        db.clock.observe(item_time(&item));
        match item {
            Item::Lead(l) => {
                db.leads.insert(l.id.clone(), *l);
            }
            Item::Call(c) => {
                db.calls.insert(c.id.clone(), *c);
            }
            Item::Sms(s) => {
                db.sms.insert(s.id.clone(), *s);
            }
        }
    }
    db.calls
        .sort_by(|_, a, _, b| a.created_at.cmp(&b.created_at));
    db.leads
        .sort_by(|_, a, _, b| a.created_at.cmp(&b.created_at));
    db.sms.sort_by(|_, a, _, b| a.created_at.cmp(&b.created_at));
}

fn blank_call(db: &mut Db, business_id: &str, agent_id: &str, to: &str, at: Ts) -> Call {
    let party = CallParty {
        business_id,
        agent_id,
        direction: "inbound",
        to,
    };
    db.new_call(party, "completed", at)
}

/// Fills a completed call with its agent's conversation, as the simulation would have.
fn complete(db: &Db, call: &mut Call) {
    let conv = sim::converse_for(db, call);
    apply(call, conv);
}

/// Stores a finished conversation on a call.
fn apply(call: &mut Call, conv: transcript::Conversation) {
    call.duration = Some(conv.duration);
    call.ended_at = Some(call.created_at.plus_secs(i64::from(conv.duration)));
    call.transcript = Some(conv.transcript);
    call.summary = Some(conv.summary);
    call.quality = Some(conv.quality);
    call.ended_reason = Some(conv.ended_reason);
}

const INQUIRIES: &[&str] = &[
    "I was in a car accident last week and need advice",
    "I need help updating my will",
    "My landlord is refusing to return my deposit",
    "I'd like to set up a small business LLC",
    "I have questions about a custody arrangement",
    "I received a demand letter from a contractor",
];

/// Seeds the demo account with a second office, more agents, 90 days of calls and
/// leads in every status, SMS threads and eval scenarios.
pub fn seed_demo(db: &mut Db) {
    let (Some(user_id), Some(main_biz), Some(kai)) = (
        db.demo_user_id.clone(),
        db.demo_business_id.clone(),
        db.demo_agent_id.clone(),
    ) else {
        return;
    };
    let now = db.now();
    let houston = Business {
        id: db.uuid(),
        user_id: user_id.clone(),
        name: "Smith & Lee Law — Houston".into(),
        business_type: Some("Legal Services".into()),
        website: Some("https://smithlee.example/houston".into()),
        phone_forward_to: None,
        created_at: now,
        trial_ends_at: now.plus_secs(30 * 86_400),
        subscription_status: "active".into(),
    };
    let houston_id = houston.id.clone();
    db.businesses.insert(houston.id.clone(), houston);
    if let Some(b) = db.businesses.get_mut(&main_biz) {
        b.subscription_status = "active".into();
    }
    let ava = provision::new_agent(
        db,
        &main_biz,
        "Ava",
        "You are Ava, who follows up with people who contacted Smith & Lee Law. Qualify the \
         matter and book a consultation.",
        Some("Hi, this is Ava from Smith & Lee Law.".into()),
        Some(json!({ "provider": "elevenlabs", "voiceId": "ava-warm" })),
        None,
        Some(serde_json::Map::from_iter([(
            "description".to_string(),
            json!("Outbound follow-up"),
        )])),
    );
    let ava_id = ava.id.clone();
    db.agents.insert(ava.id.clone(), ava);
    provision::assign_number(db, &main_biz, Some(&ava_id));
    let max = provision::new_agent(
        db,
        &houston_id,
        "Max",
        "You are Max, the receptionist for the Houston office of Smith & Lee Law. Answer \
         questions and schedule appointments.",
        None,
        None,
        None,
        None,
    );
    let max_id = max.id.clone();
    db.agents.insert(max.id.clone(), max);
    provision::assign_number(db, &houston_id, Some(&max_id));

    let offices = [
        (main_biz.as_str(), kai.as_str(), ava_id.as_str()),
        (houston_id.as_str(), max_id.as_str(), max_id.as_str()),
    ];
    let statuses = ["new", "contacted", "qualified", "converted", "lost"];
    let mut items = Vec::new();
    let lead_count = 220;
    for i in 0..lead_count {
        let (biz, inbound_agent, outbound_agent) = offices[if i % 4 == 3 { 1 } else { 0 }];
        // Most leads spread over 90 days; the last few arrive within the hour so the
        // SDR "speed to lead" segment and the dashboard's "recent" list have members.
        let age_secs = if i >= lead_count - 3 {
            db.rng.random_range(60..3_000)
        } else {
            db.rng.random_range(3_600..90 * 86_400)
        };
        let at = now.plus_secs(-age_secs);
        let (first, last) = names::person(&mut db.rng);
        let id = db.uuid();
        let mut lead = Lead::blank(id, biz, "new", "website", at);
        sim::set_name(&mut lead, &format!("{first} {last}"));
        lead.email = Some(names::email(&first, &last));
        lead.phone = Some(names::phone(&mut db.rng));
        lead.agent_id = Some(inbound_agent.to_string());
        lead.source = names::SOURCES
            .choose(&mut db.rng)
            .copied()
            .unwrap_or("website")
            .to_string();
        // Older leads have moved further down the funnel.
        let progress = (age_secs as f64 / (90.0 * 86_400.0) * 5.0) as usize;
        lead.status = statuses[db.rng.random_range(0..=progress.min(4))].to_string();
        if age_secs < 3_600 {
            lead.status = "new".into();
        }
        lead.score = Some(db.rng.random_range(35..98));
        let (city, state, zip) = names::CITIES
            .choose(&mut db.rng)
            .copied()
            .unwrap_or(("Austin", "TX", "78701"));
        lead.city = Some(city.into());
        lead.state = Some(state.into());
        lead.zip = Some(zip.into());
        lead.address = Some(format!(
            "{} {}",
            db.rng.random_range(100..9_999),
            names::STREETS
                .choose(&mut db.rng)
                .copied()
                .unwrap_or("Main St")
        ));
        let inquiry = INQUIRIES
            .choose(&mut db.rng)
            .copied()
            .unwrap_or(INQUIRIES[0]);
        lead.message = Some(inquiry.to_string());
        if lead.status != "new" {
            lead.notes = Some(format!("{inquiry}. Discussed options on the first call."));
            lead.touch_count = db.rng.random_range(1..4);
            lead.last_touch = Some(at.plus_secs(db.rng.random_range(600..86_400)).min(now));
        }
        let updated = at.plus_secs(db.rng.random_range(0..(age_secs.max(2) / 2)));
        lead.updated_at = updated.min(now);

        // The call that brought the lead in, then follow-ups.
        let phone = lead.phone.clone().unwrap_or_default();
        let mut first_call = blank_call(db, biz, inbound_agent, &phone, at.plus_secs(-90));
        first_call.name = lead.name.clone();
        first_call.context = Some(inquiry.to_string());
        first_call.lead_id = Some(lead.id.clone());
        let touches = if lead.status == "new" {
            0
        } else {
            db.rng.random_range(1..4)
        };
        lead.interaction_count = 1 + touches;
        complete(db, &mut first_call);
        items.push(Item::Call(Box::new(first_call)));
        for t in 0..touches {
            let when = at.plus_secs(i64::from(t + 1) * db.rng.random_range(3_600..4 * 86_400));
            if when >= now {
                break;
            }
            let mut call = blank_call(db, biz, outbound_agent, &phone, when);
            call.direction = "outbound".into();
            call.name = lead.name.clone();
            call.context = Some(format!("Follow up: {}", inquiry.to_lowercase()));
            call.lead_id = Some(lead.id.clone());
            let roll: f64 = db.rng.random();
            if roll < 0.12 {
                call.status = "no-answer".into();
                call.duration = Some(0);
                call.ended_reason = Some("customer-did-not-answer".into());
            } else if roll < 0.16 {
                call.status = "failed".into();
                call.duration = Some(0);
                call.ended_reason = Some("call-start-error".into());
            } else {
                complete(db, &mut call);
            }
            items.push(Item::Call(Box::new(call)));
            if t == 0 && db.rng.random_bool(0.4) {
                let from = db.agent_phone(outbound_agent).unwrap_or_default();
                let sms = Sms {
                    id: db.uuid(),
                    message_sid: format!("SM{}", db.hex(32)),
                    business_id: biz.to_string(),
                    agent_id: outbound_agent.to_string(),
                    lead_id: Some(lead.id.clone()),
                    to: phone.clone(),
                    from,
                    body: format!(
                        "Hi {first}, thanks for speaking with us. Reply here with any questions."
                    ),
                    created_at: when.plus_secs(300).min(now),
                };
                items.push(Item::Sms(Box::new(sms)));
            }
        }
        items.push(Item::Lead(Box::new(lead)));
    }
    // Calls that never became leads: wrong numbers, hang-ups.
    for _ in 0..60 {
        let at = now.plus_secs(-db.rng.random_range(600..90 * 86_400));
        let phone = names::phone(&mut db.rng);
        let mut call = blank_call(db, &main_biz, &kai, &phone, at);
        call.status = ["no-answer", "failed", "completed"]
            .choose(&mut db.rng)
            .copied()
            .unwrap_or("failed")
            .into();
        if call.status == "completed" {
            call.context = Some("Wrong number".into());
            complete(db, &mut call);
            call.duration = Some(db.rng.random_range(8..30));
        } else {
            call.duration = Some(0);
        }
        items.push(Item::Call(Box::new(call)));
    }
    insert_in_order(db, items);
    seed_evals(db, &main_biz, &kai);
}

fn seed_evals(db: &mut Db, business_id: &str, agent_id: &str) {
    let scenarios = [
        (
            "greeting.identifies_firm",
            "Agent confirms the firm name when asked.",
            json!([
                { "role": "user", "content": "Hi, is this the law office?" },
                { "role": "assistant", "judgePlan": { "type": "regex", "content": "(?i)smith & lee" } }
            ]),
        ),
        (
            "intake.asks_for_email",
            "Agent asks for an email address to send a confirmation.",
            json!([
                { "role": "user", "content": "I'd like to book a consultation." },
                { "role": "assistant", "judgePlan": { "type": "ai", "model": { "provider": "openai", "model": "gpt-4.1", "messages": [
                    { "role": "system", "content": "Pass if the assistant mentions \"consultation\". Fail otherwise.\n\nOutput exactly: pass or fail" }
                ] } } }
            ]),
        ),
        (
            "price.no_quote",
            "Agent never quotes an exact fee.",
            json!([
                { "role": "user", "content": "How much do you charge per hour?" },
                { "role": "assistant", "judgePlan": { "type": "exact", "content": "Our hourly rate is $250." } }
            ]),
        ),
    ];
    for (name, description, messages) in scenarios {
        let now = db.now();
        let eval = Eval {
            id: db.uuid(),
            agent_id: agent_id.to_string(),
            business_id: business_id.to_string(),
            vapi_eval_id: format!("vapi-eval-{}", db.hex(12)),
            name: name.to_string(),
            description: Some(description.to_string()),
            messages: messages.as_array().cloned().unwrap_or_default(),
            created_at: now,
            updated_at: now,
        };
        db.evals.insert(eval.id.clone(), eval);
    }
}

/// Adds `scale.calls` completed calls (each with a transcript) and `scale.leads` leads
/// over the last 89 days, for benchmarks.
pub fn seed_scale(db: &mut Db, scale: Scale) {
    let (Some(biz), Some(agent)) = (db.demo_business_id.clone(), db.demo_agent_id.clone()) else {
        return;
    };
    let now = db.now();
    let span = 89 * 86_400;
    let mut items = Vec::with_capacity(scale.calls + scale.leads);
    for i in 0..scale.leads {
        // Evenly spread, newest last, with a seeded jitter.
        let at = now.plus_secs(-(span - (span * i as i64) / scale.leads.max(1) as i64) + 1);
        let (first, last) = names::person(&mut db.rng);
        let id = db.uuid();
        let jitter = db.rng.random_range(0..1_000);
        let mut lead = Lead::blank(id, &biz, "new", "website", at.plus_millis(-jitter));
        sim::set_name(&mut lead, &format!("{first} {last}"));
        lead.email = Some(names::email(&first, &last));
        lead.phone = Some(names::phone(&mut db.rng));
        lead.status = ["new", "contacted", "qualified", "converted", "lost"]
            .choose(&mut db.rng)
            .copied()
            .unwrap_or("new")
            .into();
        lead.source = names::SOURCES
            .choose(&mut db.rng)
            .copied()
            .unwrap_or("website")
            .into();
        lead.score = Some(db.rng.random_range(30..99));
        items.push(Item::Lead(Box::new(lead)));
    }
    let agent_name = db
        .agents
        .get(&agent)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let business_name = db
        .businesses
        .get(&biz)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    for i in 0..scale.calls {
        let at = now.plus_secs(-(span - (span * i as i64) / scale.calls.max(1) as i64) + 1);
        let phone = names::phone(&mut db.rng);
        let jitter = db.rng.random_range(0..1_000);
        let mut call = blank_call(db, &biz, &agent, &phone, at.plus_millis(-jitter));
        let (first, last) = names::person(&mut db.rng);
        call.name = Some(format!("{first} {last}"));
        call.context = INQUIRIES.choose(&mut db.rng).map(|s| s.to_string());
        let conv = transcript::converse(
            &mut db.rng,
            &transcript::Script {
                agent_name: &agent_name,
                business_name: &business_name,
                prompt: "Offer a consultation.",
                first_message: "Hello! Thanks for calling. How can I help you today?",
                person: call.name.as_deref(),
                context: call.context.as_deref(),
                outbound: false,
                max_duration: 600,
            },
        );
        apply(&mut call, conv);
        items.push(Item::Call(Box::new(call)));
    }
    insert_in_order(db, items);
}
