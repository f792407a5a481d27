//! Placing calls through the app: one dial dialog (one request id) places at most one
//! call on every path, the call shows at once, and its recording link is checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{app, dial, dials, sign_in_form};
use kaicalls_core::views::{CallFilter, PageRequest};
use kaicalls_core::vocab::{Code, Retry};
use kaicalls_testkit::{eventually, fast_sandbox};

#[tokio::test]
async fn one_request_id_places_at_most_one_call_on_every_path() {
    let f = app();
    let sandbox = fast_sandbox().await;
    let agent = sandbox.demo_account.agent_id.clone();

    // No account open: refused, nothing sent, and the id stays free.
    let err = f
        .app
        .place_call(dial("r0", &agent, "+15125550142"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::NoAccount);
    let err = f
        .app
        .place_call(dial("  ", &agent, "+15125550142"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::InvalidInput);
    f.app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    assert_eq!(dials(&sandbox), 0);

    // Placed: the same id answers with the same call and dials nothing more.
    let placed = f
        .app
        .place_call(dial("r0", &agent, "(512) 555-0142"))
        .await
        .unwrap();
    let again = f
        .app
        .place_call(dial("r0", &agent, "(512) 555-0142"))
        .await
        .unwrap();
    assert_eq!(again, placed);
    assert_eq!(dials(&sandbox), 1);

    // A double click: two requests with one id at once reach KaiCalls once.
    let (x, y) = tokio::join!(
        f.app.place_call(dial("r1", &agent, "+15125550143")),
        f.app.place_call(dial("r1", &agent, "+15125550143")),
    );
    match (x, y) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => {
            assert_eq!(e.code, Code::CallInProgress);
            assert!(e.may_have_taken_effect, "the one in flight may place it");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(dials(&sandbox), 2);

    // Refused before sending (not a number): nothing placed, the dialog may try again.
    let bad = f
        .app
        .place_call(dial("r2", &agent, "12"))
        .await
        .unwrap_err();
    assert_eq!(bad.code, Code::InvalidPhoneNumber);
    assert!(!bad.may_have_taken_effect);
    assert_eq!(dials(&sandbox), 2);
    f.app
        .place_call(dial("r2", &agent, "+15125550144"))
        .await
        .unwrap();
    assert_eq!(dials(&sandbox), 3);

    // KaiCalls answered `call_failed` (`…0009`): the voice platform had the request, so
    // the call may have started; this dialog never sends again.
    let failed = f
        .app
        .place_call(dial("r3", &agent, "+15125550009"))
        .await
        .unwrap_err();
    assert_eq!(
        (failed.code, failed.retry, failed.may_have_taken_effect),
        (Code::CallOutcomeUnknown, Retry::Never, true)
    );
    f.app
        .place_call(dial("r3", &agent, "+15125550009"))
        .await
        .unwrap_err();
    assert_eq!(dials(&sandbox), 4, "the repeat never reached KaiCalls");

    // The answer was lost after the request arrived (`…0010`): the call may have been
    // placed (it was), so this dialog never sends again.
    let lost = f
        .app
        .place_call(dial("r4", &agent, "+15125550010"))
        .await
        .unwrap_err();
    assert_eq!(lost.code, Code::CallOutcomeUnknown);
    assert!(lost.may_have_taken_effect);
    assert_eq!(lost.retry, Retry::Never);
    assert_eq!(dials(&sandbox), 5);
    let repeat = f
        .app
        .place_call(dial("r4", &agent, "+15125550010"))
        .await
        .unwrap_err();
    assert_eq!(
        (repeat.code, repeat.may_have_taken_effect, repeat.retry),
        (lost.code, true, Retry::Never)
    );
    assert_eq!(dials(&sandbox), 5, "the repeat never reached KaiCalls");
    f.app.shutdown().await;
}

#[tokio::test]
async fn a_placed_call_shows_at_once_and_opens_its_recording_only_when_safe() {
    let f = app();
    let sandbox = fast_sandbox().await;
    let agent = sandbox.demo_account.agent_id.clone();
    f.app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = f.app.session().await.unwrap();

    let placed = f
        .app
        .place_call(dial("r1", &agent, "+15125550145"))
        .await
        .unwrap();
    // In the cache before any sync pass could bring it: place-then-cache.
    let page = session.calls(
        CallFilter::default(),
        PageRequest {
            limit: 10,
            after: None,
        },
    );
    let first = page.await.unwrap();
    assert!(first.items.iter().any(|c| c.id == placed.call_id));

    // It completes (sync and webhooks follow it) with a loopback recording the app opens.
    eventually("the call's recording", || {
        let (session, id) = (session.clone(), placed.call_id.clone());
        async move { session.call(&id).await.unwrap().call.has_recording }
    })
    .await;
    let detail = session.call(&placed.call_id).await.unwrap();
    assert!(!detail.call.is_active);
    let url = session.recording_url(&placed.call_id).await.unwrap();
    assert!(url.as_str().starts_with("http://127.0.0.1:"), "{url}");

    // A call that rang out has no recording to open.
    let missed = f
        .app
        .place_call(dial("r2", &agent, "+15125550001"))
        .await
        .unwrap();
    eventually("the missed call to end", || {
        let (session, id) = (session.clone(), missed.call_id.clone());
        async move { !session.call(&id).await.unwrap().call.is_active }
    })
    .await;
    let err = session.recording_url(&missed.call_id).await.unwrap_err();
    assert_eq!(err.code, Code::NoRecording);
    let err = session.call("no-such-call").await.unwrap_err();
    assert_eq!(err.code, Code::NotCached);
    drop(session);
    f.app.shutdown().await;
}
