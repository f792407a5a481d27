//! Analytics, balance and usage against the demo sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code};
use kaicalls_api::models::{AnalyticsFilter, GroupBy, UsageFilter, unknown_fields};

#[tokio::test]
async fn all_six_reports() {
    let env = Env::demo().await;
    let a = env.client.analytics();
    let all = AnalyticsFilter::default();

    let dashboard = a.dashboard(&all).await.unwrap();
    assert!(
        unknown_fields(&dashboard).is_empty(),
        "{:?}",
        unknown_fields(&dashboard)
    );
    assert_eq!(dashboard.period.days, 30);
    assert!(dashboard.calls.total > 0);
    let d90 = a
        .dashboard(&AnalyticsFilter::default().days(365))
        .await
        .unwrap();
    assert_eq!(d90.period.days, 90, "capped");

    let calls = a
        .calls(&AnalyticsFilter::default().days(14).group_by(GroupBy::Week))
        .await
        .unwrap();
    assert!(
        unknown_fields(&calls).is_empty(),
        "{:?}",
        unknown_fields(&calls)
    );
    assert_eq!(calls.period.group_by, Some(GroupBy::Week));
    let total: u64 = calls.timeline.iter().map(|b| b.total).sum();
    assert_eq!(total, calls.summary.total_calls);
    let by_agent = a
        .calls(&AnalyticsFilter::default().agent_id(env.agent_id()))
        .await
        .unwrap();
    assert!(by_agent.summary.total_calls <= dashboard.calls.total);

    let funnel = a.funnel(&all).await.unwrap();
    assert!(
        unknown_fields(&funnel).is_empty(),
        "{:?}",
        unknown_fields(&funnel)
    );
    assert_eq!(funnel.funnel.len(), 4);
    let source = a
        .funnel(&AnalyticsFilter::default().source("website"))
        .await
        .unwrap();
    assert!(source.total_leads <= funnel.total_leads);

    let agents = a.agents(&all).await.unwrap();
    assert!(
        unknown_fields(&agents).is_empty(),
        "{:?}",
        unknown_fields(&agents)
    );
    assert!(!agents.agents.is_empty());
    let one = a
        .agents(&AnalyticsFilter::default().agent_id(env.agent_id()))
        .await
        .unwrap();
    assert!(one.agents.iter().all(|x| x.agent_id == env.agent_id()));

    let weekly = a.weekly().await.unwrap();
    assert!(
        unknown_fields(&weekly).is_empty(),
        "{:?}",
        unknown_fields(&weekly)
    );

    let businesses = a.businesses(&all).await.unwrap();
    assert!(
        unknown_fields(&businesses).is_empty(),
        "{:?}",
        unknown_fields(&businesses)
    );
    assert_eq!(
        businesses.businesses.len(),
        2,
        "the demo firm has two offices"
    );
}

#[tokio::test]
async fn analytics_errors() {
    let env = Env::start().await;
    let a = env.client.analytics();
    expect_code(
        a.dashboard(&AnalyticsFilter::default().days(0)).await,
        "validation_error",
    );
    let calls_only = env.client_with_scopes(&["calls:read"]).await;
    expect_code(
        calls_only
            .analytics()
            .funnel(&AnalyticsFilter::default())
            .await,
        "forbidden",
    );
    let leads_only = env.client_with_scopes(&["leads:read"]).await;
    expect_code(leads_only.analytics().weekly().await, "forbidden");
}

#[tokio::test]
async fn balance_and_usage() {
    let env = Env::demo().await;
    let balance = env.client.account().balance().await.unwrap();
    assert!(unknown_fields(&balance).is_empty());
    assert_eq!(balance.businesses.len(), 2);
    assert!(balance.businesses.iter().any(|b| b.minutes_used > 0.0));

    env.client.agents().list().await.unwrap();
    let usage = env
        .client
        .account()
        .usage(UsageFilter::default().limit(5))
        .await
        .unwrap();
    assert!(unknown_fields(&usage).is_empty());
    assert!(!usage.usage.is_empty() && usage.usage.len() <= 5);
    assert!(usage.usage.iter().any(|u| u.endpoint == "/v1/agents"));
    let none = env
        .client
        .account()
        .usage(UsageFilter::default().start("2000-01-01").end("2000-01-02"))
        .await
        .unwrap();
    assert!(none.usage.is_empty());
    expect_code(
        env.client
            .account()
            .usage(UsageFilter::default().start("yesterday"))
            .await,
        "validation_error",
    );
}
