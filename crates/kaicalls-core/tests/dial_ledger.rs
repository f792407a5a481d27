//! The dial ledger through the app: a dial whose answer was lost stays "may have been
//! placed" across a restart, its request id never dials again, the call a sync brings is
//! linked to it, and a dial cut off by an exit is reported when the account opens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use std::sync::Arc;

use app_fixture::{app_over, dial, dials, next_event, sign_in_form};
use kaicalls_core::secrets::{MemorySecretStore, SecretStore};
use kaicalls_core::vocab::Code;
use kaicalls_core::{AppEvent, PlaceCall};
use kaicalls_store::{NewDial, Store};
use kaicalls_testkit::{eventually, fast_sandbox};

/// A dial with every optional field the dialog can send.
fn full_dial(request_id: &str, agent: &str, to: &str) -> PlaceCall {
    PlaceCall {
        context: Some("Following up on the quote".into()),
        first_message: Some("Hi Jane, this is Kai from Smith Law.".into()),
        max_duration: Some(120),
        ..dial(request_id, agent, to)
    }
}

#[tokio::test]
async fn a_lost_answer_is_kept_across_a_restart_and_its_id_never_dials_again() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    let sandbox = fast_sandbox().await;
    let agent = sandbox.demo_account.agent_id.clone();

    let app = app_over(dir.path(), secrets.clone());
    app.sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    // `…0010`: the sandbox places the call and drops the answer.
    let lost = app
        .place_call(full_dial("r1", &agent, "(512) 555-0010"))
        .await
        .unwrap_err();
    assert_eq!(lost.code, Code::CallOutcomeUnknown);
    assert_eq!(dials(&sandbox), 1);

    let session = app.session().await.unwrap();
    let open = session.uncertain_dials().await.unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(
        (
            open[0].request_id.as_str(),
            open[0].to.as_str(),
            open[0].state.as_str()
        ),
        ("r1", "+15125550010", "uncertain")
    );
    // The app syncs calls by itself after the lost answer, and links the call it finds.
    eventually("the placed call is found by a sync", || {
        let session = session.clone();
        async move {
            session.uncertain_dials().await.unwrap()[0]
                .found_call_id
                .is_some()
        }
    })
    .await;
    let found = session.uncertain_dials().await.unwrap()[0]
        .found_call_id
        .clone()
        .unwrap();
    let check = session.dial_check("+1 512 555 0010").await.unwrap();
    assert_eq!(check.to, "+15125550010");
    assert_eq!(check.recent_dials.len(), 1);
    assert!(
        check.recent_calls.iter().any(|c| c.call_id == found),
        "{check:?}"
    );
    drop(session);
    app.shutdown().await;

    // Restarted: the dial is still there, and its id still never dials.
    let app = app_over(dir.path(), secrets.clone());
    app.startup().await.unwrap().expect("the account opens");
    let again = app
        .place_call(full_dial("r1", &agent, "(512) 555-0010"))
        .await
        .unwrap_err();
    assert_eq!(again.code, Code::CallOutcomeUnknown);
    assert!(again.may_have_taken_effect);
    assert_eq!(dials(&sandbox), 1, "the repeat never reached KaiCalls");
    let session = app.session().await.unwrap();
    let open = session.uncertain_dials().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].found_call_id.as_deref(), Some(found.as_str()));

    // Dismissed: off the calls list, still seen by the redial check.
    session.dismiss_dial("r1".into()).await.unwrap();
    assert!(session.uncertain_dials().await.unwrap().is_empty());
    assert_eq!(
        session
            .dial_check("+15125550010")
            .await
            .unwrap()
            .recent_dials
            .len(),
        1
    );
    drop(session);
    app.shutdown().await;
}

#[tokio::test]
async fn a_dial_cut_off_by_an_exit_is_reported_when_the_account_opens() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    let sandbox = fast_sandbox().await;
    let agent = sandbox.demo_account.agent_id.clone();

    let app = app_over(dir.path(), secrets.clone());
    let account = app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let cache_dir = app.accounts().cache_dir();
    app.shutdown().await;

    // As a process killed mid-dial leaves it: recorded, never answered.
    {
        let (mut store, _) = Store::open(&cache_dir, &account.id).unwrap();
        store
            .begin_dial(
                &NewDial {
                    request_id: "cut".into(),
                    to: "+15125550147".into(),
                    agent_id: agent.clone(),
                    name: None,
                },
                chrono::Utc::now(),
            )
            .unwrap();
    }

    let app = app_over(dir.path(), secrets);
    let mut events = app.subscribe();
    app.startup().await.unwrap().expect("the account opens");
    let alert = next_event(
        &mut events,
        |e| matches!(e, AppEvent::Alert(a) if a.code == Code::CallOutcomeUnknown),
    )
    .await;
    let AppEvent::Alert(alert) = alert else {
        unreachable!()
    };
    assert!(alert.message.contains("may have been placed"), "{alert:?}");
    let open = app
        .session()
        .await
        .unwrap()
        .uncertain_dials()
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].request_id.as_str(), open[0].error_code.as_deref()),
        ("cut", Some("interrupted"))
    );
    // Its id is not sent either.
    let again = app
        .place_call(dial("cut", &agent, "+15125550147"))
        .await
        .unwrap_err();
    assert_eq!(again.code, Code::CallOutcomeUnknown);
    assert_eq!(dials(&sandbox), 0);
    app.shutdown().await;
}
