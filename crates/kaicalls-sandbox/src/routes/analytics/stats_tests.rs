//! The reference's example numbers, replayed through the formulas.

use serde_json::json;

use super::*;
use crate::model::CallParty;
use crate::time::Ts;

fn at(s: &str) -> Ts {
    Ts::parse(s).unwrap_or_else(Ts::now)
}

fn call(agent: &str, status: &str, duration: Option<u32>, when: &str) -> Call {
    let party = CallParty {
        business_id: "biz",
        agent_id: agent,
        direction: "inbound",
        to: "+15125550000",
    };
    let id = format!("call-{agent}-{status}-{duration:?}-{when}");
    let mut call = Call::blank(id, "vapi-conv-test".into(), party, status, at(when));
    call.duration = duration;
    call
}

/// `done` finished calls (status `done_status`) sharing `seconds` as evenly as possible,
/// plus `missed` unanswered calls of 0 seconds.
fn calls(agent: &str, done: u32, done_status: &str, missed: u32, seconds: u32) -> Vec<Call> {
    let when = "2026-03-12T10:00:00Z";
    let mut out = Vec::new();
    for i in 0..done {
        let share = seconds / done + u32::from(i < seconds % done);
        out.push(call(agent, done_status, Some(share), when));
    }
    for _ in 0..missed {
        out.push(call(agent, "no-answer", Some(0), when));
    }
    out
}

fn lead(status: &str) -> Lead {
    let now = at("2026-03-12T10:00:00Z");
    Lead::blank(format!("lead-{status}"), "biz", status, "website", now)
}

fn leads(counts: &[(&str, usize)]) -> Vec<Lead> {
    counts
        .iter()
        .flat_map(|(status, n)| std::iter::repeat_with(|| lead(status)).take(*n))
        .collect()
}

/// The dashboard example's leads: 142 in all.
fn dashboard_leads() -> Vec<Lead> {
    leads(&[
        ("new", 45),
        ("contacted", 38),
        ("qualified", 32),
        ("converted", 18),
        ("lost", 9),
    ])
}

#[test]
fn funnel_matches_the_reference_example() {
    let n = LeadCounts::of(&dashboard_leads());
    assert_eq!(n.total, 142);
    assert_eq!(n.lost, 9);
    let stages = funnel(&n);
    let got: Vec<(&str, u64, f64, f64)> = stages
        .iter()
        .map(|s| (s.stage, s.count, s.rate_from_top, s.dropoff_rate))
        .collect();
    assert_eq!(
        got,
        [
            ("new", 133, 93.66, 0.0),
            ("contacted", 88, 61.97, 33.83),
            ("qualified", 50, 35.21, 43.18),
            ("converted", 18, 12.68, 64.0),
        ]
    );
}

#[test]
fn funnel_of_nothing_is_all_zero() {
    let stages = funnel(&LeadCounts::default());
    assert!(
        stages
            .iter()
            .all(|s| s.count == 0 && s.rate_from_top == 0.0 && s.dropoff_rate == 0.0)
    );
}

#[test]
fn dashboard_numbers_match_the_reference_example() {
    let n = LeadCounts::of(&dashboard_leads());
    assert_eq!(n.qualified_rate(), 35.21);
    let all = calls("kai", 351, "completed", 36, 48_200);
    let t = CallTotals::of(&all);
    assert_eq!(
        (t.total, t.completed, t.duration, t.avg()),
        (387, 351, 48_200, 125)
    );
    let kai = CallTotals::of(&calls("kai", 200, "ended", 15, 28_000));
    assert_eq!((kai.total, kai.duration, kai.avg()), (215, 28_000, 130));
}

#[test]
fn agent_and_business_conversion_matches_the_reference_example() {
    let n = LeadCounts::of(&leads(&[("converted", 18), ("new", 71)]));
    assert_eq!((n.total, n.converted, n.conversion_rate()), (89, 18, 20.22));
    let kai = CallTotals::of(&calls("kai", 198, "completed", 17, 28_000));
    assert_eq!((kai.total, kai.completed, kai.avg()), (215, 198, 130));
}

#[test]
fn timeline_matches_the_reference_example() {
    let mut all = calls("kai", 12, "ended", 2, 1_800);
    all.push(call("kai", "completed", Some(60), "2026-03-10T23:59:59Z"));
    all.push(call("ava", "in-progress", None, "2026-03-16T00:00:00Z"));
    let days = timeline(&all, GroupBy::Day);
    let dates: Vec<String> = days.iter().map(|b| b.date.to_string()).collect();
    assert_eq!(dates, ["2026-03-10", "2026-03-12", "2026-03-16"]);
    let day = &days[1];
    assert_eq!(
        (
            day.totals.total,
            day.totals.completed,
            day.totals.duration,
            day.totals.avg()
        ),
        (14, 12, 1_800, 129)
    );
    assert_eq!(json!(day.statuses), json!({ "ended": 12, "no-answer": 2 }));
    // In progress: counted, not completed, no seconds.
    assert_eq!((days[2].totals.total, days[2].totals.completed), (1, 0));
    assert_eq!(days[2].totals.duration, 0);

    // 2026-03-10 and -12 share the week of Monday 2026-03-09; -16 is the next Monday.
    let weeks = timeline(&all, GroupBy::Week);
    let dates: Vec<String> = weeks.iter().map(|b| b.date.to_string()).collect();
    assert_eq!(dates, ["2026-03-09", "2026-03-16"]);
    assert_eq!(
        (weeks[0].totals.total, weeks[0].totals.duration),
        (15, 1_860)
    );

    let summary = CallTotals::of(&calls("kai", 80, "completed", 7, 11_200));
    assert_eq!((summary.total, summary.avg()), (87, 129));
}

#[test]
fn weekly_changes_match_the_reference_example() {
    let this = CallTotals::of(&calls("kai", 79, "completed", 8, 11_200));
    let last = CallTotals::of(&calls("kai", 65, "completed", 7, 9_100));
    assert_eq!((this.avg(), last.avg()), (129, 126));
    assert_eq!(change(this.total, last.total), 20.83);
    assert_eq!(change(this.completed, last.completed), 21.54);
    assert_eq!(change(this.avg(), last.avg()), 2.38);
    let this = LeadCounts::of(&leads(&[("converted", 6), ("new", 28)]));
    let last = LeadCounts::of(&leads(&[("converted", 4), ("contacted", 24)]));
    assert_eq!(
        (this.conversion_rate(), last.conversion_rate()),
        (17.65, 14.29)
    );
    assert_eq!(change(this.total, last.total), 21.43);
    assert_eq!(change(this.converted, last.converted), 50.0);
    assert_eq!(
        (change(0, 0), change(3, 0), change(0, 4)),
        (0.0, 100.0, -100.0)
    );
}

#[test]
fn agents_rank_busiest_first() {
    let mut all = calls("ava", 2, "completed", 0, 100);
    all.extend(calls("kai", 3, "completed", 1, 300));
    all.extend(calls("max", 2, "completed", 0, 50));
    let ranked: Vec<(String, u64, u64)> = by_agent(&all)
        .into_iter()
        .map(|(a, t)| (a, t.total, t.duration))
        .collect();
    assert_eq!(
        ranked,
        [
            ("kai".to_string(), 4, 300),
            ("ava".to_string(), 2, 100),
            ("max".to_string(), 2, 50)
        ]
    );
}

#[test]
fn rounding_and_number_shapes() {
    assert_eq!((avg(0, 0), avg(5, 2), avg(7, 3)), (0, 3, 2));
    assert_eq!(pct(1, 0), 0.0);
    assert_eq!(pct(1, 3), 33.33);
    assert_eq!(num(64.0).to_string(), "64");
    assert_eq!(num(0.0).to_string(), "0");
    assert_eq!(num(93.66).to_string(), "93.66");
}
