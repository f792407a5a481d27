//! Sign-up and usage against the sandbox: what sign-up created, a new account's trial
//! counted from its sign-up, the API request log live, and offline the kept balance with the log unknown
//! rather than empty.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{app, first_sync};
use kaicalls_core::SignUp;
use kaicalls_testkit::fast_sandbox;

#[tokio::test]
async fn usage_counts_the_trial_from_sign_up_and_offline_keeps_what_it_knew() {
    let f = app();
    let sandbox = fast_sandbox().await;
    let created = f
        .app
        .sign_up(SignUp {
            business_name: "Night Owl Plumbing".into(),
            email: "owner@nightowl.example".into(),
            business_type: Some("Home Services".into()),
            phone_forward_to: None,
            website: Some("https://nightowl.example".into()),
            base_url: Some(sandbox.base_url.clone()),
        })
        .await
        .unwrap();
    // What the welcome shows: the new number, the trial, the intake agent.
    assert_eq!(created.business_name, "Night Owl Plumbing");
    assert!(
        created
            .phone_number
            .as_deref()
            .is_some_and(|n| n.starts_with('+')),
        "{created:?}"
    );
    assert!(created.trial_ends_at.is_some());
    assert!(created.agent_name.is_some(), "{created:?}");
    assert_eq!(created.account.label, "Night Owl Plumbing");
    let session = f.app.session().await.unwrap();
    first_sync(&session).await;

    let usage = session.usage().await.unwrap();
    assert!(!usage.from_cache);
    let [business] = usage.businesses.as_slice() else {
        panic!("one business: {:?}", usage.businesses)
    };
    assert_eq!(business.name.as_deref(), Some("Night Owl Plumbing"));
    assert_eq!(business.subscription_status.as_deref(), Some("trialing"));
    assert_eq!(business.trial_days_left, Some(30), "{business:?}");
    assert!(business.trial_ends_at.is_some());
    assert_eq!(business.minutes_used, Some(0.0));
    assert_eq!(business.phone_numbers, Some(1));
    assert_eq!(business.calls_30_days, Some(0), "counted, and none yet");
    let requests = usage.requests.as_ref().expect("the log, online");
    assert!(
        requests
            .iter()
            .all(|r| !r.endpoint.is_empty() && !r.method.is_empty()),
        "{requests:?}"
    );
    assert_eq!(usage.calls_placed, Some(0), "no call was placed");
    assert_eq!(
        usage.cost_cents,
        Some(requests.iter().map(|r| r.cost_cents).sum())
    );

    // What the trial warning reads after a sync: the same, from the cache alone.
    assert_eq!(
        session.kept_business_usage().await.unwrap(),
        usage.businesses
    );

    sandbox.shutdown().await.unwrap();
    let offline = session.usage().await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(
        offline.businesses, usage.businesses,
        "the kept balance and trial"
    );
    assert_eq!(
        offline.requests, None,
        "the log is unknown offline, not empty"
    );
    assert_eq!((offline.cost_cents, offline.calls_placed), (None, None));
}
