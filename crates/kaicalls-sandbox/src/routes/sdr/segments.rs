//! How the pipeline sorts leads into the reference's 11 segments and picks each lead's
//! next-best action.
//!
//! The reference names the segments but not their rules, so these are the sandbox's
//! (documented in the crate README). They read only what the lead record holds: age
//! (`created_at`), touches (`touch_count`, `last_touch`), `score`, `status` and `source`.
//! Rules are tried in order; the first that matches wins:
//!
//! 1. `converted` leads are customers now: `cold`.
//! 2. `touch_count >= max_touches`: `exhausted`.
//! 3. `lost` leads: `churned_recent` if updated within 30 days, else `cold`.
//! 4. `new`, never touched, younger than 1 h: `speed_to_lead`.
//! 5. source `inbound_call`, younger than 24 h, score >= 60: `fresh_demo_caller`.
//! 6. source `inbound_call`, younger than 72 h, score >= 40: `warm_demo_caller`.
//! 7. source `inbound_call`, younger than 14 days: `cooling_demo`.
//! 8. source `trial_signup`, younger than 3 days, never touched: `new_trial_stuck`.
//! 9. source `trial_signup`, 25 to 30 days old: `trial_ending`.
//! 10. source `trial_signup`, 3 to 25 days old: `trial_going_dark`.
//! 11. `contacted`, touched at least once, last touch more than 48 h ago:
//!     `contacted_no_reply`.
//! 12. Everything else: `cold`.
//!
//! A missing score counts as 0. Age bounds are half-open (`25 d <= age < 30 d`).

use serde_json::{Value, json};

use crate::model::{Lead, SdrConfig};
use crate::state::Db;
use crate::time::Ts;

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;

/// One of the reference's segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    SpeedToLead,
    FreshDemoCaller,
    WarmDemoCaller,
    CoolingDemo,
    NewTrialStuck,
    TrialGoingDark,
    TrialEnding,
    ContactedNoReply,
    Exhausted,
    ChurnedRecent,
    Cold,
}

impl Segment {
    /// Every segment, in the reference's order.
    pub const ALL: [Segment; 11] = [
        Segment::SpeedToLead,
        Segment::FreshDemoCaller,
        Segment::WarmDemoCaller,
        Segment::CoolingDemo,
        Segment::NewTrialStuck,
        Segment::TrialGoingDark,
        Segment::TrialEnding,
        Segment::ContactedNoReply,
        Segment::Exhausted,
        Segment::ChurnedRecent,
        Segment::Cold,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::SpeedToLead => "speed_to_lead",
            Segment::FreshDemoCaller => "fresh_demo_caller",
            Segment::WarmDemoCaller => "warm_demo_caller",
            Segment::CoolingDemo => "cooling_demo",
            Segment::NewTrialStuck => "new_trial_stuck",
            Segment::TrialGoingDark => "trial_going_dark",
            Segment::TrialEnding => "trial_ending",
            Segment::ContactedNoReply => "contacted_no_reply",
            Segment::Exhausted => "exhausted",
            Segment::ChurnedRecent => "churned_recent",
            Segment::Cold => "cold",
        }
    }

    /// The segment with this API name.
    pub fn parse(name: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The segments the report lists as hot leads (the reference names them).
    pub fn is_hot(self) -> bool {
        matches!(
            self,
            Segment::SpeedToLead | Segment::FreshDemoCaller | Segment::NewTrialStuck
        )
    }
}

/// The next-best action for a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAction {
    Call,
    Email,
    Sms,
    Skip,
    /// A person should take over (`needs_manual` in the summary).
    Escalate,
}

impl NextAction {
    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            NextAction::Call => "call",
            NextAction::Email => "email",
            NextAction::Sms => "sms",
            NextAction::Skip => "skip",
            NextAction::Escalate => "escalate",
        }
    }

    /// Whether the dispatcher acts on it by touching the lead.
    pub fn is_touch(self) -> bool {
        matches!(self, NextAction::Call | NextAction::Email | NextAction::Sms)
    }
}

/// The lead's segment at `now` (rules in the module docs).
pub fn segment(lead: &Lead, max_touches: i64, now: Ts) -> Segment {
    let age = now.secs_since(lead.created_at);
    let score = lead.score.unwrap_or(0);
    let touches = i64::from(lead.touch_count);
    let inbound = lead.source == "inbound_call";
    let trial = lead.source == "trial_signup";
    match lead.status.as_str() {
        "converted" => return Segment::Cold,
        _ if touches >= max_touches => return Segment::Exhausted,
        "lost" if now.secs_since(lead.updated_at) < 30 * DAY => return Segment::ChurnedRecent,
        "lost" => return Segment::Cold,
        _ => {}
    }
    if lead.status == "new" && touches == 0 && age < HOUR {
        Segment::SpeedToLead
    } else if inbound && age < DAY && score >= 60 {
        Segment::FreshDemoCaller
    } else if inbound && age < 3 * DAY && score >= 40 {
        Segment::WarmDemoCaller
    } else if inbound && age < 14 * DAY {
        Segment::CoolingDemo
    } else if trial && age < 3 * DAY && touches == 0 {
        Segment::NewTrialStuck
    } else if trial && (25 * DAY..30 * DAY).contains(&age) {
        Segment::TrialEnding
    } else if trial && (3 * DAY..25 * DAY).contains(&age) {
        Segment::TrialGoingDark
    } else if lead.status == "contacted"
        && touches >= 1
        && lead
            .last_touch
            .is_some_and(|t| now.secs_since(t) > 48 * HOUR)
    {
        Segment::ContactedNoReply
    } else {
        Segment::Cold
    }
}

/// The lead's next-best action. Paused and converted leads are skipped; a qualified lead
/// scoring 90+ goes to a person; exhausted leads go to a person unless they are lost.
/// Otherwise the segment decides: calls for the hottest, texts for warm ones, emails
/// for cooling and win-back, nothing for cold. A channel the lead cannot be reached on
/// falls back to the other one (call/SMS need a phone, email an address), else skip.
pub fn next_action(lead: &Lead, segment: Segment) -> NextAction {
    if lead.paused || lead.status == "converted" {
        return NextAction::Skip;
    }
    if lead.status == "qualified" && lead.score.unwrap_or(0) >= 90 {
        return NextAction::Escalate;
    }
    let wanted = match segment {
        Segment::Exhausted if lead.status == "lost" => NextAction::Skip,
        Segment::Exhausted => NextAction::Escalate,
        Segment::SpeedToLead
        | Segment::FreshDemoCaller
        | Segment::NewTrialStuck
        | Segment::TrialEnding => NextAction::Call,
        Segment::WarmDemoCaller | Segment::ContactedNoReply => NextAction::Sms,
        Segment::CoolingDemo | Segment::TrialGoingDark | Segment::ChurnedRecent => {
            NextAction::Email
        }
        Segment::Cold => NextAction::Skip,
    };
    let phone = lead.phone.is_some();
    let email = lead.email.is_some();
    match wanted {
        NextAction::Call | NextAction::Sms if !phone && email => NextAction::Email,
        NextAction::Call | NextAction::Sms if !phone => NextAction::Skip,
        NextAction::Email if !email && phone => NextAction::Sms,
        NextAction::Email if !email => NextAction::Skip,
        other => other,
    }
}

/// A lead as the pipeline sees it.
#[derive(Debug, Clone, Copy)]
pub struct Reviewed<'a> {
    pub lead: &'a Lead,
    pub segment: Segment,
    pub next_action: NextAction,
}

/// Every lead of the business with its segment and next action, newest first.
pub fn review<'a>(db: &'a Db, business_id: &str, config: &SdrConfig, now: Ts) -> Vec<Reviewed<'a>> {
    db.leads
        .values()
        .rev()
        .filter(|l| l.business_id == business_id)
        .map(|lead| {
            let segment = segment(lead, config.max_touches, now);
            Reviewed {
                lead,
                segment,
                next_action: next_action(lead, segment),
            }
        })
        .collect()
}

/// A lead as `GET /sdr/pipeline` lists it.
pub fn item(r: &Reviewed<'_>) -> Value {
    let l = r.lead;
    json!({
        "id": l.id,
        "name": l.name,
        "email": l.email,
        "phone": l.phone,
        "status": l.status,
        "source": l.source,
        "segment": r.segment.as_str(),
        "score": l.score,
        "touch_count": l.touch_count,
        "last_touch": l.last_touch,
        "next_action": r.next_action.as_str(),
        "paused": l.paused,
        "created_at": l.created_at,
        "updated_at": l.updated_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(status: &str, source: &str, age_secs: i64, now: Ts) -> Lead {
        let at = now.plus_secs(-age_secs);
        let mut lead = Lead::blank("l".into(), "b", status, source, at);
        lead.name = Some("Jane Doe".into());
        lead.email = Some("jane@example.com".into());
        lead.phone = Some("+15125551234".into());
        lead.score = Some(50);
        lead
    }

    #[test]
    fn segments_follow_the_documented_rules() {
        let now = Ts::now();
        let seg = |l: &Lead| segment(l, 5, now).as_str();
        assert_eq!(seg(&lead("new", "website", 600, now)), "speed_to_lead");
        assert_eq!(seg(&lead("new", "website", 2 * HOUR, now)), "cold");
        let mut l = lead("contacted", "inbound_call", 2 * HOUR, now);
        l.score = Some(60);
        assert_eq!(seg(&l), "fresh_demo_caller");
        l.score = Some(59);
        assert_eq!(seg(&l), "warm_demo_caller");
        l.score = None;
        assert_eq!(seg(&l), "cooling_demo");
        assert_eq!(
            seg(&lead("new", "inbound_call", 13 * DAY, now)),
            "cooling_demo"
        );
        assert_eq!(seg(&lead("new", "inbound_call", 15 * DAY, now)), "cold");
        assert_eq!(
            seg(&lead("new", "trial_signup", 2 * DAY, now)),
            "new_trial_stuck"
        );
        assert_eq!(
            seg(&lead("new", "trial_signup", 3 * DAY, now)),
            "trial_going_dark"
        );
        assert_eq!(
            seg(&lead("new", "trial_signup", 25 * DAY, now)),
            "trial_ending"
        );
        assert_eq!(seg(&lead("new", "trial_signup", 30 * DAY, now)), "cold");
        assert_eq!(seg(&lead("lost", "website", 40 * DAY, now)), "cold");
        let mut lost = lead("lost", "website", 40 * DAY, now);
        lost.updated_at = now.plus_secs(-DAY);
        assert_eq!(seg(&lost), "churned_recent");
        let mut c = lead("contacted", "website", 10 * DAY, now);
        c.touch_count = 2;
        c.last_touch = Some(now.plus_secs(-49 * HOUR));
        assert_eq!(seg(&c), "contacted_no_reply");
        c.last_touch = Some(now.plus_secs(-47 * HOUR));
        assert_eq!(seg(&c), "cold");
        c.touch_count = 5;
        assert_eq!(seg(&c), "exhausted");
        c.status = "converted".into();
        assert_eq!(seg(&c), "cold");
    }

    #[test]
    fn next_actions() {
        let now = Ts::now();
        let act = |l: &Lead| next_action(l, segment(l, 5, now)).as_str();
        let mut l = lead("new", "website", 60, now);
        assert_eq!(act(&l), "call");
        l.phone = None;
        assert_eq!(act(&l), "email");
        l.email = None;
        assert_eq!(act(&l), "skip");
        let mut q = lead("qualified", "website", 40 * DAY, now);
        q.score = Some(90);
        assert_eq!(act(&q), "escalate");
        q.paused = true;
        assert_eq!(act(&q), "skip");
        let mut ex = lead("contacted", "website", 40 * DAY, now);
        ex.touch_count = 5;
        assert_eq!(act(&ex), "escalate");
        ex.status = "lost".into();
        assert_eq!(act(&ex), "skip");
        assert_eq!(act(&lead("converted", "inbound_call", 60, now)), "skip");
        let mut warm = lead("contacted", "inbound_call", 2 * DAY, now);
        assert_eq!(act(&warm), "sms");
        warm.phone = None;
        assert_eq!(act(&warm), "email");
    }
}
