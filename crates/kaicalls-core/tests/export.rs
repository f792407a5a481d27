//! CSV export: every row as filtered, a header, and fields with quotes, commas and line
//! breaks read back exactly by a CSV parser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{demo_sandbox, first_sync, signed_in};
use kaicalls_core::views::{CallFilter, FieldChange, LeadEdit, LeadFilter, PageRequest};
use kaicalls_core::vocab::LeadField;
use kaicalls_core::{ExportKind, ExportRequest, Session};

fn parse(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

async fn all_call_ids(session: &Session) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = session
            .calls(CallFilter::default(), PageRequest { limit: 100, after })
            .await
            .unwrap();
        ids.extend(page.items.into_iter().map(|c| c.id));
        match page.next {
            Some(n) => after = Some(n),
            None => return ids,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_every_row_with_awkward_text_intact() {
    let sandbox = demo_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;

    // Calls: one row per cached call, in the list's order, header first.
    let (bytes, rows) = session
        .export_csv(ExportRequest {
            kind: ExportKind::Calls,
            calls: None,
            leads: None,
        })
        .await
        .unwrap();
    let (header, records) = parse(&bytes);
    assert_eq!(header[0], "id");
    assert!(header.contains(&"summary".to_string()));
    let ids = all_call_ids(&session).await;
    assert!(ids.len() > 100, "more than one page: {}", ids.len());
    assert_eq!(rows as usize, ids.len());
    assert_eq!(
        records.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        ids
    );

    // Leads, with an edit waiting to be sent: exported as the user sees it.
    let awkward = "He said \"call me\", then: \nline two, with a comma";
    let lead = session
        .leads(
            LeadFilter::default(),
            PageRequest {
                limit: 1,
                after: None,
            },
        )
        .await
        .unwrap()
        .items
        .remove(0);
    session
        .edit_lead(LeadEdit {
            id: lead.id.clone(),
            changes: vec![FieldChange {
                field: LeadField::Notes,
                value: Some(awkward.into()),
            }],
        })
        .await
        .unwrap();
    let (bytes, rows) = session
        .export_csv(ExportRequest {
            kind: ExportKind::Leads,
            calls: None,
            leads: Some(LeadFilter::default()),
        })
        .await
        .unwrap();
    let (header, records) = parse(&bytes);
    let notes = header.iter().position(|h| h == "notes").unwrap();
    let total = session.pipeline(LeadFilter::default()).await.unwrap().total;
    assert_eq!(rows as usize, records.len());
    assert_eq!(i64::from(rows), total);
    let row = records.iter().find(|r| r[0] == lead.id).unwrap();
    assert_eq!(
        row[notes], awkward,
        "quotes, commas and the line break survive"
    );

    // Transcripts: multi-line text, read back whole.
    let (bytes, rows) = session
        .export_csv(ExportRequest {
            kind: ExportKind::Transcripts,
            calls: Some(CallFilter::default()),
            leads: None,
        })
        .await
        .unwrap();
    let (header, records) = parse(&bytes);
    assert_eq!(rows as usize, records.len());
    assert!(rows > 0);
    let text = header.iter().position(|h| h == "transcript").unwrap();
    let call_id = records[0][0].clone();
    let detail = session.call(&call_id).await.unwrap();
    let original = detail
        .transcript
        .and_then(|t| t.transcript)
        .unwrap_or_default();
    assert!(original.contains('\n'), "a transcript has lines");
    assert_eq!(records[0][text], original);
    drop(session);
    f.app.shutdown().await;
}
