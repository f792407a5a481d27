//! Texting against the sandbox: a text to a lead joins its timeline, a text to its number
//! finds the lead, one dialog sends once, and each documented refusal keeps its code and
//! sends (and records) nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::signed_in;
use kaicalls_core::views::{LeadFilter, PageRequest};
use kaicalls_core::vocab::Code;
use kaicalls_core::{SendText, SimulatedCall};
use kaicalls_sandbox::SandboxHandle;
use kaicalls_testkit::{eventually, fast_sandbox};

fn sends(sandbox: &SandboxHandle) -> Vec<u16> {
    sandbox
        .ledger()
        .iter()
        .filter(|e| e.method == "POST" && e.path == "/api/v1/sms/send")
        .map(|e| e.status.unwrap_or(0))
        .collect()
}

fn text(request_id: &str, agent_id: &str, to: &str, lead_id: Option<&str>) -> SendText {
    SendText {
        request_id: request_id.into(),
        agent_id: agent_id.into(),
        to: to.into(),
        message: "  Hi Rosa, following up on your call. When suits you?  ".into(),
        lead_id: lead_id.map(str::to_owned),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_join_the_lead_send_once_and_refusals_send_nothing() {
    let sandbox = fast_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    let agent = sandbox.demo_account.agent_id.clone();
    session
        .simulate_inbound_call(SimulatedCall {
            from: Some("(512) 555-0177".into()),
            name: Some("Rosa Ringing".into()),
            reason: None,
        })
        .await
        .unwrap();
    eventually("the caller's lead in the offline copy", || {
        let session = session.clone();
        async move {
            let page = session
                .leads(
                    LeadFilter::default(),
                    PageRequest {
                        limit: 50,
                        after: None,
                    },
                )
                .await
                .unwrap();
            page.items
                .iter()
                .any(|l| l.phone.as_deref() == Some("+15125550177"))
        }
    })
    .await;
    let leads = session
        .leads(
            LeadFilter::default(),
            PageRequest {
                limit: 50,
                after: None,
            },
        )
        .await
        .unwrap();
    let lead = leads
        .items
        .iter()
        .find(|l| l.phone.as_deref() == Some("+15125550177"))
        .unwrap()
        .id
        .clone();

    // To the lead: sent trimmed, linked, on its timeline.
    let sent = f
        .app
        .send_text(text("t1", &agent, "+15125550177", Some(&lead)))
        .await
        .unwrap();
    assert_eq!(sent.lead_id.as_deref(), Some(lead.as_str()));
    assert_eq!(
        sent.body,
        "Hi Rosa, following up on your call. When suits you?"
    );
    assert!(
        sent.message_sid
            .as_deref()
            .is_some_and(|s| s.starts_with("SM"))
    );
    assert!(sent.from.is_some());
    // The same dialog again (a double click) gets the same text, sends nothing.
    let again = f
        .app
        .send_text(text("t1", &agent, "+15125550177", Some(&lead)))
        .await
        .unwrap();
    assert_eq!(again, sent);
    assert_eq!(sends(&sandbox), [200]);

    // To the number, written another way: the lead is found by it.
    let by_number = f
        .app
        .send_text(text("t2", &agent, "(512) 555-0177", None))
        .await
        .unwrap();
    assert_eq!(by_number.lead_id.as_deref(), Some(lead.as_str()));
    let timeline = session.texts(&lead).await.unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(
        timeline[0].message_sid, by_number.message_sid,
        "newest first"
    );

    // Refusals: their code, nothing taken effect, nothing recorded; the id may be reused.
    for (id, to, code) in [
        ("t3", "+15125550100", Code::NumberOnDnc),
        ("t4", "+15125550101", Code::NumberOptedOut),
        ("t5", "+15125550102", Code::SmsSendFailed),
    ] {
        let e = f
            .app
            .send_text(text(id, &agent, to, Some(&lead)))
            .await
            .unwrap_err();
        assert_eq!(e.code, code, "{e:?}");
        assert!(!e.may_have_taken_effect, "{e:?}");
        let retried = f.app.send_text(text(id, &agent, to, Some(&lead))).await;
        assert_eq!(retried.unwrap_err().code, code, "a refusal frees the id");
    }
    assert_eq!(
        session.texts(&lead).await.unwrap().len(),
        2,
        "refused texts are not on the timeline"
    );
    assert_eq!(sends(&sandbox).iter().filter(|s| **s == 400).count(), 4);

    // What is checked here never reaches KaiCalls.
    let before = sends(&sandbox).len();
    let empty = SendText {
        message: "   ".into(),
        ..text("t6", &agent, "+15125550177", None)
    };
    assert_eq!(
        f.app.send_text(empty).await.unwrap_err().code,
        Code::InvalidInput
    );
    let long = SendText {
        message: "a".repeat(1601),
        ..text("t7", &agent, "+15125550177", None)
    };
    assert_eq!(
        f.app.send_text(long).await.unwrap_err().code,
        Code::InvalidInput
    );
    let no_id = text(" ", &agent, "+15125550177", None);
    assert_eq!(
        f.app.send_text(no_id).await.unwrap_err().code,
        Code::InvalidInput
    );
    assert_eq!(sends(&sandbox).len(), before);
}
