//! Leads and transcripts against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashSet;

use common::{Env, expect_code, fast_wait};
use futures_util::TryStreamExt;
use kaicalls_api::models::{LeadFilter, LeadStatus, TranscriptFilter, UpdateLead, unknown_fields};

#[tokio::test]
async fn an_inbound_caller_becomes_a_lead_that_can_be_found_read_and_updated() {
    let env = Env::start().await;
    let call_id = env.inbound_call("+15125554321", "Jane Doe").await;
    env.client
        .calls()
        .wait_with(&call_id, fast_wait())
        .await
        .unwrap();

    // Found by phone, typed in national format.
    let page = env
        .client
        .leads()
        .list(LeadFilter::default().phone("512-555-4321"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.leads.len(), 1);
    let summary = &page.leads[0];
    assert_eq!(summary.phone.as_deref(), Some("+15125554321"));
    assert!(unknown_fields(summary).is_empty());

    let lead = env.client.leads().get(&summary.id).await.unwrap();
    assert!(
        unknown_fields(&lead).is_empty(),
        "{:?}",
        unknown_fields(&lead)
    );
    assert_eq!(lead.name.as_deref(), Some("Jane Doe"));

    let updated = env
        .client
        .leads()
        .update(
            UpdateLead::new(&lead.id)
                .status(LeadStatus::Qualified)
                .notes("Ready for follow-up call")
                .email("jane@example.com")
                .phone("(512) 555-4322")
                .address("123 Main St")
                .city("Austin")
                .state("TX")
                .zip("78701"),
        )
        .await
        .unwrap();
    assert!(unknown_fields(&updated).is_empty());
    assert_eq!(updated.status, LeadStatus::Qualified);
    assert_eq!(updated.phone.as_deref(), Some("+15125554322"));
    assert_eq!(updated.notes.as_deref(), Some("Ready for follow-up call"));
    assert_eq!(updated.city.as_deref(), Some("Austin"));
    let by_email = env
        .client
        .leads()
        .list(LeadFilter::default().email("jane@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_email.leads.len(), 1);

    // The call's transcript is listed.
    let transcripts: Vec<_> = env
        .client
        .transcripts()
        .list(TranscriptFilter::default().agent_id(env.agent_id()))
        .stream()
        .try_collect()
        .await
        .unwrap();
    let t = transcripts.iter().find(|t| t.call_id == call_id).unwrap();
    assert!(t.transcript.as_deref().is_some_and(|s| !s.is_empty()));
    assert!(unknown_fields(t).is_empty());
}

#[tokio::test]
async fn filters_and_paging_over_the_demo_data() {
    let env = Env::demo().await;
    let leads = env.client.leads();
    let all: Vec<_> = leads
        .list(LeadFilter::default().limit(100))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(all.len() > 100, "more than one page: {}", all.len());
    let ids: HashSet<_> = all.iter().map(|l| &l.id).collect();
    assert_eq!(ids.len(), all.len(), "no duplicates across pages");
    assert!(
        all.windows(2).all(|w| w[0].created_at > w[1].created_at),
        "newest first"
    );

    for status in ["new", "contacted", "qualified", "converted", "lost"] {
        let want = all.iter().filter(|l| l.status.as_str() == status).count();
        let got: Vec<_> = leads
            .list(LeadFilter::default().status(status))
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got.len(), want, "{status}");
    }
    let source = all[0].source.clone().unwrap();
    let by_source: Vec<_> = leads
        .list(LeadFilter::default().source(source.clone()))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(!by_source.is_empty());
    assert!(
        by_source
            .iter()
            .all(|l| l.source.as_deref() == Some(source.as_str()))
    );
    let agent = all.iter().find_map(|l| l.agent_id.clone()).unwrap();
    let by_agent: Vec<_> = leads
        .list(LeadFilter::default().agent_id(agent.clone()))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(
        by_agent
            .iter()
            .all(|l| l.agent_id.as_deref() == Some(agent.as_str()))
    );

    // Transcripts page too (max 50 a page).
    let transcripts: Vec<_> = env
        .client
        .transcripts()
        .list(TranscriptFilter::default().limit(50).days(90))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(transcripts.len() > 50);
    let unique: HashSet<_> = transcripts.iter().map(|t| &t.call_id).collect();
    assert_eq!(unique.len(), transcripts.len());
    let recent = env
        .client
        .transcripts()
        .list(TranscriptFilter::default().days(1))
        .send()
        .await
        .unwrap();
    assert!(recent.transcripts.len() < transcripts.len());
}

#[tokio::test]
async fn documented_lead_errors() {
    let env = Env::start().await;
    let leads = env.client.leads();
    expect_code(leads.get("no-such-lead").await, "not_found");
    expect_code(
        leads
            .update(UpdateLead::new("no-such-lead").notes("x"))
            .await,
        "not_found",
    );
    expect_code(
        leads
            .list(LeadFilter::default().status("archived"))
            .send()
            .await,
        "validation_error",
    );
    let call_id = env.inbound_call("+15125554321", "Jane Doe").await;
    env.client
        .calls()
        .wait_with(&call_id, fast_wait())
        .await
        .unwrap();
    let lead = leads
        .list(LeadFilter::default())
        .send()
        .await
        .unwrap()
        .leads[0]
        .id
        .clone();
    expect_code(
        leads
            .update(UpdateLead::new(&lead).email("not-an-email"))
            .await,
        "validation_error",
    );
    expect_code(
        leads.update(UpdateLead::new(&lead).phone("12")).await,
        "invalid_phone_number",
    );
    expect_code(
        leads
            .list(LeadFilter::default().phone("not a phone"))
            .send()
            .await,
        "invalid_phone_number",
    );
    let calls_only = env.client_with_scopes(&["calls:read"]).await;
    expect_code(
        calls_only.leads().list(LeadFilter::default()).send().await,
        "forbidden",
    );
    let reader = env.client_with_scopes(&["leads:read"]).await;
    expect_code(
        reader
            .leads()
            .update(UpdateLead::new(&lead).notes("x"))
            .await,
        "forbidden",
    );
    let leads_only = env.client_with_scopes(&["leads:read"]).await;
    expect_code(
        leads_only
            .transcripts()
            .list(TranscriptFilter::default())
            .send()
            .await,
        "forbidden",
    );
}
