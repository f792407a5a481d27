//! The SDR pipeline against the demo sandbox: segments with next actions, settings checked
//! before they are sent, a dry run that dispatches nothing, a real run sent once whose
//! actions land in the activity log, and an action on one lead.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{demo_sandbox, first_sync, signed_in};
use kaicalls_core::views::{SdrActionRequest, SdrConfigView, SdrRunRequest};
use kaicalls_core::vocab::Code;
use kaicalls_sandbox::SandboxHandle;

fn posts(sandbox: &SandboxHandle, path: &str) -> usize {
    sandbox
        .ledger()
        .iter()
        .filter(|e| e.method != "GET" && e.path == path)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_settings_dry_and_real_runs_and_actions() {
    let sandbox = demo_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;
    let business = sandbox.demo_account.business_id.clone();
    let agent = sandbox.demo_account.agent_id.clone();

    let pipeline = session.sdr_pipeline(&business).await.unwrap();
    let listed: usize = pipeline.segments.iter().map(|s| s.leads.len()).sum();
    assert!(
        listed > 0 && listed as u32 <= pipeline.total_leads,
        "{pipeline:?}"
    );
    assert!(pipeline.segments.iter().all(|s| !s.leads.is_empty()));
    assert!(
        pipeline
            .segments
            .iter()
            .flat_map(|s| &s.leads)
            .any(|l| l.next_action.is_some()),
        "leads come with their next action"
    );

    // Off by default: a run is refused until it is turned on.
    assert!(!session.sdr_config(&business).await.unwrap().enabled);
    let dry = |id: &str| SdrRunRequest {
        request_id: id.into(),
        business_id: business.clone(),
        dry_run: true,
    };
    let refused = f.app.sdr_run(dry("d0")).await.unwrap_err();
    assert_eq!(refused.code, Code::InvalidRequest, "{refused:?}");

    // Settings: a mistake is caught here; good ones are saved as sent. Same start and
    // end hour: any hour, so the run below dispatches whenever the test runs.
    let config = SdrConfigView {
        enabled: true,
        min_touch_gap_hours: Some(1),
        max_touches: Some(5),
        auto_call: true,
        auto_email: true,
        auto_sms: true,
        sdr_agent_id: Some(agent.clone()),
        business_hours_start: Some(0),
        business_hours_end: Some(0),
        updated_at: None,
    };
    let puts = posts(&sandbox, "/api/sdr/config");
    let bad = SdrConfigView {
        sdr_agent_id: Some("not-an-agent".into()),
        ..config.clone()
    };
    assert_eq!(
        session
            .sdr_set_config(&business, bad)
            .await
            .unwrap_err()
            .code,
        Code::InvalidInput
    );
    assert_eq!(posts(&sandbox, "/api/sdr/config"), puts, "nothing sent");
    let saved = session
        .sdr_set_config(&business, config.clone())
        .await
        .unwrap();
    assert_eq!(
        SdrConfigView {
            updated_at: None,
            ..saved
        },
        config
    );

    // A dry run plans and dispatches nothing; the real run, sent twice, runs once.
    let before = session.sdr_activity(&business, None).await.unwrap().len();
    let plan = f.app.sdr_run(dry("d1")).await.unwrap();
    assert!(plan.dry_run && !plan.results.is_empty(), "{plan:?}");
    assert_eq!(
        session.sdr_activity(&business, None).await.unwrap().len(),
        before
    );
    let real = SdrRunRequest {
        dry_run: false,
        ..dry("r1")
    };
    let ran = f.app.sdr_run(real.clone()).await.unwrap();
    assert_eq!(
        f.app.sdr_run(real).await.unwrap(),
        ran,
        "the same run answered again"
    );
    let runs = sandbox
        .ledger()
        .iter()
        .filter(|e| e.path == "/api/sdr/run")
        .count();
    assert_eq!(runs, 3, "the refused, the dry and one real run");
    let dispatched: Vec<&str> = ran
        .results
        .iter()
        // Every touch is logged; an escalation hands the lead to a person, no touch.
        .filter(|r| r.success && r.action != "escalate")
        .map(|r| r.lead_id.as_str())
        .collect();
    assert!(!dispatched.is_empty(), "{ran:?}");
    let log = session.sdr_activity(&business, None).await.unwrap();
    assert!(log.len() > before);
    for lead in &dispatched {
        assert!(
            log.iter().any(|a| a.lead_id == *lead),
            "{lead} in the activity log"
        );
    }
    assert!(
        ran.results.iter().any(|r| r.lead_name.is_some()),
        "names from the offline copy"
    );

    // One lead, by hand; its own log shows it.
    let lead = pipeline.segments[0].leads[0].id.clone();
    let skip = SdrActionRequest {
        request_id: "a1".into(),
        business_id: business.clone(),
        lead_id: lead.clone(),
        action: "skip".into(),
    };
    let done = f.app.sdr_action(skip).await.unwrap();
    assert_eq!(
        (done.action.as_str(), done.lead_id.as_str()),
        ("skip", lead.as_str())
    );
    let mine = session
        .sdr_activity(&business, Some(lead.clone()))
        .await
        .unwrap();
    assert!(
        !mine.is_empty() && mine.iter().all(|a| a.lead_id == lead),
        "{mine:?}"
    );
    let odd = SdrActionRequest {
        request_id: "a2".into(),
        business_id: business.clone(),
        lead_id: lead,
        action: "fax".into(),
    };
    assert_eq!(
        f.app.sdr_action(odd).await.unwrap_err().code,
        Code::InvalidInput
    );

    let report = session.sdr_report(&business, "week").await.unwrap();
    assert_eq!(report.period, "week");
    assert!(report.succeeded >= dispatched.len() as u64, "{report:?}");
    assert_eq!(
        session
            .sdr_report(&business, "year")
            .await
            .unwrap_err()
            .code,
        Code::InvalidInput
    );
}
