//! The follow-up inbox through the app: a caller the sandbox sends by webhook is waiting
//! at once; marking them handled takes them out and tells KaiCalls they were contacted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{app, new_caller, next_event, sign_in_form};
use kaicalls_core::AppEvent;
use kaicalls_core::vocab::Code;
use kaicalls_testkit::{eventually, fast_sandbox};

#[tokio::test]
async fn a_new_caller_waits_in_the_inbox_until_handled() {
    let mut f = app();
    let sandbox = fast_sandbox().await;
    f.app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = f.app.session().await.unwrap();
    let lead = new_caller(&mut f.events, &session, "(512) 555-0166", "Wanda Waiting").await;
    let key = format!("lead:{}", lead.id);
    let inbox = session.inbox(None).await.unwrap();
    let item = inbox
        .iter()
        .find(|i| i.id == key)
        .unwrap_or_else(|| panic!("{key} not in {inbox:?}"));
    assert_eq!(item.kind, "new_lead");
    assert_eq!(item.phone.as_deref(), Some("+15125550166"));
    // Oldest wait first: nothing after it waited longer.
    let since: Vec<&str> = inbox.iter().map(|i| i.since.as_str()).collect();
    let mut sorted = since.clone();
    sorted.sort();
    assert_eq!(since, sorted);

    // The tray hears how many wait, whether or not a window is open.
    let waiting = u32::try_from(inbox.len()).unwrap();
    next_event(
        &mut f.events,
        |e| matches!(e, AppEvent::WaitingChanged { count } if *count == waiting),
    )
    .await;

    session.inbox_handle(key.clone()).await.unwrap();
    next_event(
        &mut f.events,
        |e| matches!(e, AppEvent::WaitingChanged { count } if *count == waiting - 1),
    )
    .await;
    assert!(
        session
            .inbox(None)
            .await
            .unwrap()
            .iter()
            .all(|i| i.id != key),
        "handled, it leaves at once (offline too)"
    );
    // Handling a new lead means it was contacted: KaiCalls hears so through the outbox.
    let client = kaicalls_testkit::client(&sandbox, 0);
    eventually("the lead contacted on the server", || {
        let (client, id) = (client.clone(), lead.id.clone());
        async move { client.leads().get(&id).await.unwrap().status.as_str() == "contacted" }
    })
    .await;
    assert_eq!(
        session
            .inbox_handle("nonsense".into())
            .await
            .unwrap_err()
            .code,
        Code::InvalidInput
    );
    drop(session);
    f.app.shutdown().await;
}
