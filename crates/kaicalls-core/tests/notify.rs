//! New-lead notifications from the event bus: one per lead, one per burst, none for
//! backfill, none when the account turned them off. Time is tokio's paused clock, so the
//! grouping window is exact and the tests never sleep.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kaicalls_core::notify::{
    BODY_IS_MARKUP, NotifyConfig, NotifySetting, RecordingNotifier, spawn_lead_notifications,
};
use kaicalls_core::{CoreEvent, EventBus, LeadSummary};
use tokio_util::sync::CancellationToken;

fn new_lead(id: &str, name: &str, fresh: bool) -> CoreEvent {
    CoreEvent::NewLead {
        lead: LeadSummary {
            id: id.into(),
            name: Some(name.into()),
            phone: None,
            source: Some("inbound_call".into()),
            business_id: Some("biz".into()),
            created_at: None,
        },
        fresh,
    }
}

struct Running {
    bus: EventBus,
    notifier: Arc<RecordingNotifier>,
    enabled: Arc<AtomicBool>,
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

fn start() -> Running {
    let bus = EventBus::default();
    let notifier = Arc::new(RecordingNotifier::new());
    let enabled = Arc::new(AtomicBool::new(true));
    let flag = enabled.clone();
    let setting: NotifySetting = Arc::new(move || flag.load(Ordering::SeqCst));
    let stop = CancellationToken::new();
    let task = spawn_lead_notifications(
        "acct-1".into(),
        &bus,
        notifier.clone(),
        setting,
        NotifyConfig {
            window: Duration::from_secs(2),
            names_shown: 2,
        },
        stop.clone(),
    );
    Running {
        bus,
        notifier,
        enabled,
        stop,
        task,
    }
}

/// Lets the notification task run until it waits again.
async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn one_lead_one_notification_after_the_window() {
    let r = start();
    r.bus.publish(new_lead("l1", "Jane Doe", true));
    r.bus.publish(CoreEvent::LeadChanged {
        lead_id: "l1".into(),
    });
    settle().await;
    tokio::time::sleep(Duration::from_millis(1999)).await;
    settle().await;
    assert!(r.notifier.notifications().is_empty(), "still collecting");
    tokio::time::sleep(Duration::from_millis(1)).await;
    r.notifier.wait_for(1).await;
    let n = r.notifier.notifications();
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].text(), "New lead: Jane Doe — inbound call");
    assert_eq!(n[0].lead_ids, ["l1"]);
    assert_eq!(n[0].account_id, "acct-1");
    r.stop.cancel();
    r.task.await.unwrap();
    assert_eq!(r.notifier.notifications().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_burst_is_grouped_and_repeats_count_once() {
    let r = start();
    for (id, name) in [
        ("l1", "Jane Doe"),
        ("l2", "John Roe"),
        ("l1", "Jane Doe"),
        ("l3", "Ann Poe"),
    ] {
        r.bus.publish(new_lead(id, name, true));
        settle().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    r.notifier.wait_for(1).await;
    // A lead after the window opens the next notification.
    r.bus.publish(new_lead("l4", "Max Moe", true));
    settle().await;
    r.stop.cancel();
    r.task.await.unwrap();
    let texts: Vec<String> = r
        .notifier
        .notifications()
        .iter()
        .map(|n| n.text())
        .collect();
    assert_eq!(
        texts,
        [
            "3 new leads: Jane Doe, John Roe and 1 more",
            "New lead: Max Moe — inbound call"
        ]
    );
    assert_eq!(r.notifier.notifications()[0].lead_ids, ["l1", "l2", "l3"]);
}

#[tokio::test(start_paused = true)]
async fn backfill_never_notifies() {
    let r = start();
    for i in 0..50 {
        r.bus
            .publish(new_lead(&format!("old-{i}"), "Old Lead", false));
    }
    settle().await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    r.stop.cancel();
    r.task.await.unwrap();
    assert!(r.notifier.notifications().is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_account_setting_silences_notifications() {
    let r = start();
    r.enabled.store(false, Ordering::SeqCst);
    r.bus.publish(new_lead("l1", "Jane Doe", true));
    settle().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    settle().await;
    assert!(r.notifier.notifications().is_empty());
    // Turned back on, the next lead notifies again.
    r.enabled.store(true, Ordering::SeqCst);
    r.bus.publish(new_lead("l2", "John Roe", true));
    settle().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    r.notifier.wait_for(1).await;
    r.stop.cancel();
    r.task.await.unwrap();
    let n = r.notifier.notifications();
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].lead_ids, ["l2"]);
}

/// What a freedesktop daemon with "body-markup" shows for `body`: tags are formatting,
/// entities are characters.
fn shown_by_markup_daemon(body: &str) -> String {
    let mut shown = String::new();
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        shown.push_str(&rest[..at]);
        rest = rest[at..].split_once('>').map_or("", |(_, after)| after);
    }
    shown.push_str(rest);
    shown
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[tokio::test(start_paused = true)]
async fn a_lead_named_like_markup_shows_as_typed() {
    let r = start();
    let named = r#"<b>x</b>& "O'Neil""#;
    r.bus.publish(new_lead("l1", named, true));
    settle().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    r.notifier.wait_for(1).await;
    r.bus.publish(new_lead("l2", "<i>Ann</i>", true));
    r.bus.publish(new_lead("l3", "Bo & Co", true));
    settle().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    r.notifier.wait_for(2).await;
    r.stop.cancel();
    r.task.await.unwrap();
    let n = r.notifier.notifications();
    assert_eq!(
        n[0].body,
        format!("{named} — inbound call"),
        "plain text as is"
    );
    assert_eq!(n[1].body, "<i>Ann</i> and Bo & Co");
    for n in &n {
        assert!(
            !n.title.contains('<') && !n.title.contains('&'),
            "{}",
            n.title
        );
        if BODY_IS_MARKUP {
            assert_eq!(shown_by_markup_daemon(&n.os_body()), n.body);
        } else {
            assert_eq!(n.os_body(), n.body);
        }
    }
}
