//! The app's lead services and what reaches the shell: a simulated caller becomes an
//! unread lead, links ask for calls, edits go through the outbox, the dashboard clamps its days.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{app, new_caller, next_event, sign_in_form};
use kaicalls_core::AppEvent;
use kaicalls_core::links::DialRequest;
use kaicalls_core::views::{
    DashboardRequest, FieldChange, Grouping, LeadEdit, LeadFilter, PageRequest,
};
use kaicalls_core::vocab::{Code, LeadField, PipelineStage};
use kaicalls_testkit::{eventually, fast_sandbox};

#[tokio::test]
async fn a_simulated_caller_becomes_an_unread_lead_the_user_can_edit() {
    let mut f = app();
    let sandbox = fast_sandbox().await;
    f.app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = f.app.session().await.unwrap();
    let lead = new_caller(&mut f.events, &session, "(512) 555-0177", "Rosa Ringing").await;
    assert!(f.app.unread() >= 1);
    f.app.mark_leads_seen();
    assert_eq!(f.app.unread(), 0);
    next_event(&mut f.events, |e| {
        *e == AppEvent::UnreadChanged { count: 0 }
    })
    .await;

    // The lead as views show it, then an edit laid over it while it waits to be sent.
    let view = session.lead(&lead.id).await.unwrap();
    assert_eq!(view.lead.phone.as_deref(), Some("+15125550177"));
    let edit = LeadEdit {
        id: lead.id.clone(),
        changes: vec![
            FieldChange {
                field: LeadField::Status,
                value: Some(" Qualified ".into()),
            },
            FieldChange {
                field: LeadField::City,
                value: Some("Austin".into()),
            },
            FieldChange {
                field: LeadField::Phone,
                value: Some("(512) 555-0178".into()),
            },
        ],
    };
    // A phone that cannot be dialled or an email that is not one queues nothing.
    for (field, value, code) in [
        (LeadField::Phone, "555-12", Code::InvalidPhoneNumber),
        (LeadField::Email, "jane at example", Code::InvalidInput),
    ] {
        let bad = LeadEdit {
            id: lead.id.clone(),
            changes: vec![FieldChange {
                field,
                value: Some(value.into()),
            }],
        };
        assert_eq!(session.edit_lead(bad).await.unwrap_err().code, code);
    }
    assert_eq!(session.lead(&lead.id).await.unwrap().pending.len(), 0);
    let pending = session.edit_lead(edit).await.unwrap();
    let fields: Vec<LeadField> = pending.changes.iter().map(|c| c.field).collect();
    assert!(fields.contains(&LeadField::Status) && fields.contains(&LeadField::City));
    let edited = session.lead(&lead.id).await.unwrap();
    assert_eq!(edited.lead.stage, Some(PipelineStage::Qualified));
    assert_eq!(edited.lead.city.as_deref(), Some("Austin"));
    assert_eq!(
        edited.lead.phone.as_deref(),
        Some("+15125550178"),
        "sent as E.164"
    );
    // Sent by the sync the edit asked for; the server then has it.
    let client = kaicalls_testkit::client(&sandbox, 0);
    eventually("the edit on the server", || {
        let (client, id) = (client.clone(), lead.id.clone());
        async move {
            let server = client.leads().get(&id).await.unwrap();
            server.status.as_str() == "qualified"
                && server.city.as_deref() == Some("Austin")
                && server.phone.as_deref() == Some("+15125550178")
        }
    })
    .await;
    let qualified = LeadFilter {
        stage: Some(PipelineStage::Qualified),
        ..LeadFilter::default()
    };
    eventually("the lead in the qualified stage", || {
        let (session, filter, id) = (session.clone(), qualified.clone(), lead.id.clone());
        async move {
            let page = session
                .leads(
                    filter,
                    PageRequest {
                        limit: 50,
                        after: None,
                    },
                )
                .await
                .unwrap();
            page.items
                .iter()
                .any(|l| l.id == id && l.pending_edits == 0)
        }
    })
    .await;
    let counts = session.pipeline(LeadFilter::default()).await.unwrap();
    let qualified = counts
        .stages
        .iter()
        .find(|s| s.stage == PipelineStage::Qualified)
        .unwrap();
    assert!(qualified.count >= 1);
    assert_eq!(counts.stages.len(), PipelineStage::ALL.len());

    let unknown = LeadEdit {
        id: "no-such-lead".into(),
        changes: edited_notes(),
    };
    assert_eq!(
        session.edit_lead(unknown).await.unwrap_err().code,
        Code::NotCached
    );
    drop(session);
    f.app.shutdown().await;
}

fn edited_notes() -> Vec<FieldChange> {
    vec![FieldChange {
        field: LeadField::Notes,
        value: Some("x".into()),
    }]
}

#[tokio::test]
async fn dial_links_are_kept_for_the_ui_and_announced() {
    let mut f = app();
    assert!(!f.app.open_links(["https://example.com".to_string()]));
    assert!(f.app.open_links(["tel:(512)%20555-1234".to_string()]));
    let want = DialRequest {
        number: "(512) 555-1234".into(),
        name: None,
    };
    assert_eq!(
        next_event(&mut f.events, |_| true).await,
        AppEvent::DialRequested(want.clone())
    );
    assert_eq!(f.app.take_pending_dial(), Some(want));
    assert_eq!(f.app.take_pending_dial(), None, "taken once");
}

#[tokio::test]
async fn a_dial_link_the_app_will_not_prefill_is_refused_out_loud() {
    let mut f = app();
    let long_name = "A".repeat(101);
    for link in [
        format!("kaicalls://dial?to=%2B15125551234&name={long_name}"),
        "tel:512-555-1234%3Cscript%3E".to_string(),
    ] {
        assert!(
            f.app.open_links([link.clone()]),
            "the window shows the alert"
        );
        let AppEvent::Alert(alert) = next_event(&mut f.events, |_| true).await else {
            panic!("{link}: no alert");
        };
        assert_eq!(alert.code, Code::InvalidDialLink, "{link}");
        assert!(
            alert.message.contains("Nothing was dialled"),
            "{}",
            alert.message
        );
        assert_eq!(f.app.take_pending_dial(), None, "{link}: no dialog to open");
    }
}

#[tokio::test]
async fn dashboard_days_are_clamped_to_what_kaicalls_answers() {
    let f = app();
    let sandbox = fast_sandbox().await;
    f.app
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = f.app.session().await.unwrap();
    for (asked, shown) in [(0, 1), (7, 7), (10_000, 90)] {
        let view = session
            .dashboard(DashboardRequest {
                days: asked,
                group_by: Grouping::Day,
                business_id: None,
                utc_offset_minutes: -300,
                refresh: false,
                at_hand: false,
            })
            .await
            .unwrap();
        assert_eq!(view.days, shown);
        // Every day from the period's start to today.
        let days = view.timeline.data.unwrap().len();
        assert_eq!(days, shown as usize + 1, "{asked} days asked");
    }
    drop(session);
    f.app.shutdown().await;
}
