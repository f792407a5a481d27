//! The dashboard against the demo sandbox: KaiCalls' reports online, read once a minute
//! whatever the user switches; one business of two counted from the offline copy; and
//! offline every panel counted from the copy with the same numbers the server gave.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{demo_sandbox, first_sync, signed_in};
use kaicalls_api::models::AnalyticsFilter;
use kaicalls_core::views::{
    CallFilter, DashboardRequest, DashboardView, Grouping, LeadFilter, OfflineWhy, Origin,
    PageRequest,
};
use kaicalls_sandbox::SandboxHandle;

fn request(days: u32, business_id: Option<&str>) -> DashboardRequest {
    DashboardRequest {
        days,
        group_by: Grouping::Day,
        business_id: business_id.map(str::to_owned),
        utc_offset_minutes: 0,
        refresh: false,
        at_hand: false,
    }
}

fn analytics_requests(sandbox: &SandboxHandle) -> usize {
    sandbox
        .ledger()
        .iter()
        .filter(|e| e.path.starts_with("/api/v1/analytics/"))
        .count()
}

fn origins(v: &DashboardView) -> [&Origin; 6] {
    [
        &v.totals.origin,
        &v.timeline.origin,
        &v.funnel.origin,
        &v.agents.origin,
        &v.weekly.origin,
        &v.businesses.origin,
    ]
}

/// Whether every panel is KaiCalls' own report.
fn all_server(v: &DashboardView) -> bool {
    origins(v)
        .iter()
        .all(|o| matches!(o, Origin::Server { .. }))
}

fn offline_because(origin: &Origin, want: OfflineWhy) -> bool {
    matches!(origin, Origin::OfflineCopy { why, as_of: Some(_), partial: false } if *why == want)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_numbers_online_the_offline_copy_for_one_business_and_when_unreachable() {
    let sandbox = demo_sandbox().await;
    let (_f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;

    // Online: every panel is KaiCalls' report.
    let before = analytics_requests(&sandbox);
    let online = session.dashboard(request(30, None)).await.unwrap();
    assert!(all_server(&online), "{:?}", origins(&online));
    assert_eq!(
        analytics_requests(&sandbox) - before,
        6,
        "one request per report"
    );
    let client = kaicalls_testkit::client(&sandbox, 0);
    let server = client
        .analytics()
        .dashboard(&AnalyticsFilter::default().days(30))
        .await
        .unwrap();
    let totals = online.totals.data.as_ref().unwrap();
    assert_eq!(
        (totals.calls, totals.leads),
        (server.calls.total, server.leads.total)
    );
    assert!(totals.calls > 0, "the demo has calls");
    let converted = server.leads.by_status["converted"];
    assert_eq!(totals.converted, converted);
    let rate = (converted as f64 * 10_000.0 / server.leads.total as f64).round() / 100.0;
    assert_eq!(totals.conversion_rate, rate, "converted over all leads");
    let timeline = online.timeline.data.as_ref().unwrap();
    assert_eq!(
        timeline.len(),
        31,
        "every day from the period's start to today"
    );
    assert_eq!(timeline.iter().map(|p| p.total).sum::<u64>(), totals.calls);
    let businesses = online.businesses.data.as_ref().unwrap();
    assert_eq!(businesses.len(), 2, "the demo has two businesses");

    // Switching business or coming back within the minute asks KaiCalls nothing.
    let asked = analytics_requests(&sandbox);
    let houston = businesses
        .iter()
        .find(|b| b.name.as_deref().is_some_and(|n| n.contains("Houston")))
        .unwrap()
        .id
        .clone();
    let one = session
        .dashboard(request(30, Some(&houston)))
        .await
        .unwrap();
    let again = session
        .dashboard(DashboardRequest {
            refresh: true,
            ..request(30, None)
        })
        .await
        .unwrap();
    assert_eq!(
        analytics_requests(&sandbox),
        asked,
        "answered from the last reading"
    );
    assert_eq!(again.totals, online.totals);

    // One business of two: KaiCalls' reports cover both, so the copy counts it.
    for origin in [
        &one.totals.origin,
        &one.timeline.origin,
        &one.funnel.origin,
        &one.weekly.origin,
    ] {
        assert!(
            offline_because(origin, OfflineWhy::BusinessFilter),
            "{origin:?}"
        );
    }
    assert!(matches!(one.agents.origin, Origin::Server { .. }));
    let houston_row = businesses.iter().find(|b| b.id == houston).unwrap();
    let one_totals = one.totals.data.as_ref().unwrap();
    assert_eq!(
        (one_totals.calls, one_totals.leads),
        (houston_row.calls, houston_row.leads),
        "the copy's count of one business is the server's"
    );
    let agents = session.agents().await.unwrap();
    for row in one.agents.data.as_ref().unwrap() {
        let agent = agents.iter().find(|a| a.id == row.id).unwrap();
        assert_eq!(agent.business_id.as_deref(), Some(houston.as_str()));
    }
    // The same business filter on the lists: only its calls and leads.
    let houston_agents: Vec<&str> = agents
        .iter()
        .filter(|a| a.business_id.as_deref() == Some(houston.as_str()))
        .map(|a| a.id.as_str())
        .collect();
    let page = PageRequest {
        limit: 500,
        after: None,
    };
    let calls = session
        .calls(
            CallFilter {
                business_id: Some(houston.clone()),
                ..CallFilter::default()
            },
            page.clone(),
        )
        .await
        .unwrap();
    assert!(!calls.items.is_empty());
    assert!(
        calls.items.iter().all(|c| c
            .agent_id
            .as_deref()
            .is_some_and(|a| houston_agents.contains(&a))),
        "only the business's calls"
    );
    let leads = session
        .leads(
            LeadFilter {
                business_id: Some(houston.clone()),
                ..LeadFilter::default()
            },
            page,
        )
        .await
        .unwrap();
    let all_leads = session
        .leads(
            LeadFilter::default(),
            PageRequest {
                limit: 500,
                after: None,
            },
        )
        .await
        .unwrap();
    assert!(!leads.items.is_empty() && leads.items.len() < all_leads.items.len());

    // Offline: a window never read falls back to the copy, marked, with the same numbers.
    let server29 = client
        .analytics()
        .dashboard(&AnalyticsFilter::default().days(29))
        .await
        .unwrap();
    let funnel29 = client
        .analytics()
        .funnel(&AnalyticsFilter::default().days(29))
        .await
        .unwrap();
    sandbox.shutdown().await.unwrap();
    let offline = session.dashboard(request(29, None)).await.unwrap();
    for origin in origins(&offline) {
        assert!(
            offline_because(origin, OfflineWhy::Unreachable),
            "{origin:?}"
        );
    }
    let t = offline.totals.data.as_ref().unwrap();
    assert_eq!(
        (t.calls, t.completed, t.leads, t.converted, t.agents),
        (
            server29.calls.total,
            server29.calls.completed,
            server29.leads.total,
            server29
                .leads
                .by_status
                .get("converted")
                .copied()
                .unwrap_or(0),
            server29.agents.total,
        )
    );
    let stages: Vec<u64> = offline
        .funnel
        .data
        .as_ref()
        .unwrap()
        .stages
        .iter()
        .map(|s| s.count)
        .collect();
    let server_stages: Vec<u64> = funnel29.funnel.iter().map(|s| s.count).collect();
    assert_eq!(stages, server_stages);
    assert_eq!(offline.timeline.data.as_ref().unwrap().len(), 30);
}

/// The first paint's answer asks KaiCalls nothing: before any reading, the offline copy
/// (marked "asking", numbers as the server's); within the minute after one, the reading.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_at_hand_asks_kaicalls_nothing() {
    let sandbox = demo_sandbox().await;
    let (_f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;
    let at_hand = DashboardRequest {
        at_hand: true,
        ..request(30, None)
    };

    let before = analytics_requests(&sandbox);
    let first = session.dashboard(at_hand.clone()).await.unwrap();
    assert_eq!(analytics_requests(&sandbox), before, "nothing asked");
    for origin in origins(&first) {
        assert!(offline_because(origin, OfflineWhy::Asking), "{origin:?}");
    }

    let full = session.dashboard(request(30, None)).await.unwrap();
    assert!(
        analytics_requests(&sandbox) > before,
        "the full answer asks"
    );
    let t = (first.totals.data.unwrap(), full.totals.data.unwrap());
    assert_eq!(
        (t.0.calls, t.0.leads),
        (t.1.calls, t.1.leads),
        "same numbers"
    );

    let asked = analytics_requests(&sandbox);
    let again = session.dashboard(at_hand).await.unwrap();
    assert_eq!(analytics_requests(&sandbox), asked, "nothing asked");
    assert!(
        all_server(&again),
        "the reading of the last minute: {:?}",
        origins(&again)
    );
}
