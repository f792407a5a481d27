//! The SDR pipeline against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code};
use kaicalls_api::models::{
    ActivityFilter, PipelineFilter, ReportPeriod, SdrAction, SdrConfig, SdrSegment, unknown_fields,
};

#[tokio::test]
async fn pipeline_config_actions_run_report_and_activity() {
    let env = Env::demo().await;
    let sdr = env.client.sdr();
    let biz = env.business_id();

    let pipeline = sdr.pipeline(biz, PipelineFilter::default()).await.unwrap();
    assert!(!pipeline.leads.is_empty());
    assert_eq!(pipeline.business_id, biz);
    assert!(
        unknown_fields(&pipeline).is_empty(),
        "{:?}",
        unknown_fields(&pipeline)
    );
    let segment = pipeline.leads[0].segment.clone();
    let filtered = sdr
        .pipeline(
            biz,
            PipelineFilter::default().segment(segment.clone()).limit(5),
        )
        .await
        .unwrap();
    assert!(filtered.leads.len() <= 5);
    assert!(filtered.leads.iter().all(|l| l.segment == segment));

    // Safe defaults, then an upsert of only what is set.
    let config = sdr.config(biz).await.unwrap();
    assert_eq!(config.enabled, Some(false));
    assert!(
        unknown_fields(&config).is_empty(),
        "{:?}",
        unknown_fields(&config)
    );
    let saved = sdr
        .set_config(
            biz,
            &SdrConfig::default()
                .enabled(true)
                .auto_email(true)
                .max_touches(3)
                .business_hours_start(0)
                .business_hours_end(0),
        )
        .await
        .unwrap();
    assert_eq!(saved.enabled, Some(true));
    assert_eq!(saved.max_touches, Some(3));
    assert_eq!(saved.min_touch_gap_hours, config.min_touch_gap_hours);
    // Round-tripping what GET returned is accepted too.
    let again = sdr.set_config(biz, &saved).await.unwrap();
    assert_eq!(again.max_touches, Some(3));

    // A dry run writes nothing; a real run dispatches.
    let dry = sdr.run(biz, true).await.unwrap();
    assert!(dry.success);
    assert!(
        unknown_fields(&dry).is_empty(),
        "{:?}",
        unknown_fields(&dry)
    );
    let activity_before = sdr.activity(biz, ActivityFilter::default()).await.unwrap();
    let real = sdr.run(biz, false).await.unwrap();
    assert!(real.success);
    assert_eq!(real.summary.emails_queued, dry.summary.emails_queued);

    // One action on one lead; a second touch right after is refused by cadence.
    let lead = pipeline
        .leads
        .iter()
        .find(|l| !l.paused && l.segment != SdrSegment::Exhausted && l.touch_count == 0)
        .unwrap()
        .id
        .clone();
    let done = sdr.action(biz, &lead, SdrAction::Email).await.unwrap();
    assert!(done.success);
    assert_eq!(done.lead_id, lead);
    assert!(unknown_fields(&done).is_empty());
    let e = expect_code(
        sdr.action(biz, &lead, SdrAction::Email).await,
        "rate_limited",
    );
    match e {
        kaicalls_api::Error::RateLimited {
            next_allowed_at,
            local,
            ..
        } => {
            assert!(!local);
            assert!(next_allowed_at.is_some(), "cadence says when");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(env.client.stats()["POST /api/sdr/action"].retries, 0);
    sdr.action(biz, &lead, SdrAction::Pause).await.unwrap();

    let activity = sdr
        .activity(biz, ActivityFilter::default().lead_id(lead.clone()))
        .await
        .unwrap();
    assert!(activity.activity.iter().all(|a| a.lead_id == lead));
    assert!(!activity.activity.is_empty());
    assert!(
        unknown_fields(&activity).is_empty(),
        "{:?}",
        unknown_fields(&activity)
    );
    let all = sdr
        .activity(biz, ActivityFilter::default().limit(200))
        .await
        .unwrap();
    assert!(all.activity.len() > activity_before.activity.len());

    let report = sdr.report(biz, Some(ReportPeriod::Today)).await.unwrap();
    assert!(
        unknown_fields(&report).is_empty(),
        "{:?}",
        unknown_fields(&report)
    );
    assert_eq!(report.period.name, ReportPeriod::Today);
    assert!(report.actions.get("email").copied().unwrap_or(0) >= 1);
    sdr.report(biz, None).await.unwrap();
}

#[tokio::test]
async fn documented_sdr_errors() {
    let env = Env::start().await;
    let sdr = env.client.sdr();
    let biz = env.business_id();
    // Not enabled: a run is refused.
    let e = expect_code(sdr.run(biz, true).await, "invalid_request");
    assert!(e.to_string().contains("not enabled"), "{e}");
    // Another tenant's business is forbidden.
    expect_code(
        sdr.pipeline("other", PipelineFilter::default()).await,
        "forbidden",
    );
    expect_code(
        sdr.set_config(biz, &SdrConfig::default().business_hours_start(30))
            .await,
        "validation_error",
    );
    expect_code(
        sdr.action(biz, "no-such-lead", SdrAction::Call).await,
        "not_found",
    );
    let standard = env
        .client_with_scopes(&["agents:read", "calls:read", "leads:read"])
        .await;
    expect_code(standard.sdr().config(biz).await, "forbidden");
    let reader = env.client_with_scopes(&["sdr:read"]).await;
    expect_code(reader.sdr().run(biz, true).await, "forbidden");
}
