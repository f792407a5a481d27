//! Browsing the cache with no network: the reads behind the calls, leads and transcripts
//! screens, the pipeline board and the analytics charts, at the bench's scale. Each is
//! what one screen asks when it opens or scrolls, so each should take well under a frame.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kaicalls_store::{
    CallFilter, CallVolumeQuery, DateRange, FunnelQuery, LeadFilter, PageRequest, Store,
    TranscriptFilter,
};

use crate::summarize;

/// Times `read` 40 times after one warm-up run; `read` returns how many items it got.
fn measure(label: &str, all: &mut Vec<Duration>, mut read: impl FnMut() -> usize) {
    let mut items = read();
    let mut samples = Vec::with_capacity(40);
    for _ in 0..40 {
        let t = Instant::now();
        items = read();
        samples.push(t.elapsed());
    }
    all.extend(samples.iter().copied());
    summarize(&format!("  {label} ({items})"), samples);
}

/// The cursor `depth` items down the unfiltered calls list.
fn deep_cursor(store: &Store, depth: usize) -> Option<String> {
    let mut after = None;
    for _ in 0..depth / 500 {
        let page = PageRequest { limit: 500, after };
        after = store
            .list_calls(&CallFilter::default(), &page)
            .unwrap()
            .next;
    }
    after
}

/// Runs every read; `now` is the newest item's time (the corpus is in the past).
pub fn run(store: &Store, now: DateTime<Utc>, calls: usize) {
    let mut all = Vec::new();
    let first = PageRequest::first(50);
    let any_call = CallFilter::default();
    let any_lead = LeadFilter::default();
    let week = DateRange {
        from: Some(now - chrono::Duration::days(37)),
        to: Some(now - chrono::Duration::days(30)),
    };
    println!("\nBrowsing offline (pages of 50 unless said; item counts in parentheses):");

    measure("calls, first page", &mut all, || {
        store.list_calls(&any_call, &first).unwrap().items.len()
    });
    let deep = PageRequest {
        limit: 50,
        after: deep_cursor(store, calls / 2),
    };
    measure(
        &format!("calls, {} items down", calls / 2),
        &mut all,
        || store.list_calls(&any_call, &deep).unwrap().items.len(),
    );
    let reload = PageRequest::first(500);
    measure("calls, reload of 500 after a sync", &mut all, || {
        store.list_calls(&any_call, &reload).unwrap().items.len()
    });
    let failed = CallFilter {
        status: Some("failed".into()),
        ..CallFilter::default()
    };
    measure("calls, status failed (1 in 10)", &mut all, || {
        store.list_calls(&failed, &first).unwrap().items.len()
    });
    let agent_outbound = CallFilter {
        agent_id: Some("agent-3".into()),
        direction: Some("outbound".into()),
        ..CallFilter::default()
    };
    measure("calls, one agent's outbound", &mut all, || {
        store
            .list_calls(&agent_outbound, &first)
            .unwrap()
            .items
            .len()
    });
    let in_week = CallFilter {
        created: week.clone(),
        direction: Some("inbound".into()),
        ..CallFilter::default()
    };
    measure("calls, inbound in a week a month ago", &mut all, || {
        store.list_calls(&in_week, &first).unwrap().items.len()
    });

    let of_lead = CallFilter {
        lead_id: Some(format!("lead-{:07}", calls / 5)),
        ..CallFilter::default()
    };
    measure("calls of one lead (its detail)", &mut all, || {
        store.list_calls(&of_lead, &first).unwrap().items.len()
    });

    // What sync's background reading of details asks after every pass; the corpus's calls
    // all have theirs, as an account has once that reading is done.
    measure("calls still without details", &mut all, || {
        store.calls_without_details(&reload).unwrap().items.len()
    });

    measure("leads, first page", &mut all, || {
        store.list_leads(&any_lead, &first).unwrap().items.len()
    });
    let converted_referrals = LeadFilter {
        status: Some("converted".into()),
        source: Some("referral".into()),
        ..LeadFilter::default()
    };
    measure("leads, converted referrals", &mut all, || {
        store
            .list_leads(&converted_referrals, &first)
            .unwrap()
            .items
            .len()
    });
    let agent_transcripts = TranscriptFilter {
        business_id: None,
        agent_id: Some("agent-1".into()),
        created: week,
    };
    measure("transcripts, one agent in a week", &mut all, || {
        store
            .list_transcripts(&agent_transcripts, &first)
            .unwrap()
            .items
            .len()
    });
    measure("one call, one lead, one transcript", &mut all, || {
        // An even call: it has a lead.
        let id = format!("call-{:07}", (calls / 3) & !1);
        let call = store.get_call(&id).unwrap();
        let lead = call.as_ref().and_then(|c| c.lead_id.clone());
        let lead = lead.and_then(|l| store.get_lead(&l).unwrap());
        let transcript = store.get_transcript(&id).unwrap();
        usize::from(call.is_some())
            + usize::from(lead.is_some())
            + usize::from(transcript.is_some())
    });

    measure("pipeline counts, every lead", &mut all, || {
        store.pipeline_counts(&any_lead).unwrap().total as usize
    });
    measure("call volume chart, 90 days", &mut all, || {
        let query = CallVolumeQuery {
            business_id: None,
            days: 90,
            now,
            utc_offset_minutes: -300,
            agent_id: None,
        };
        store.call_volume(&query).unwrap().summary.total as usize
    });
    measure("call volume chart, 30 days, one agent", &mut all, || {
        let query = CallVolumeQuery {
            business_id: None,
            days: 30,
            now,
            utc_offset_minutes: -300,
            agent_id: Some("agent-2".into()),
        };
        store.call_volume(&query).unwrap().summary.total as usize
    });
    measure("lead funnel, 90 days", &mut all, || {
        let query = FunnelQuery {
            business_id: None,
            days: 90,
            now,
            source: None,
        };
        store.lead_funnel(&query).unwrap().total_leads as usize
    });
    summarize("  every browsing read", all);
}
