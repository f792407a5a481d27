//! CSV export of the calls, leads and transcripts the screens show, as filtered: every
//! row (paged through the cache, no cap), a header row, UTF-8, RFC 4180 quoting (the
//! `csv` crate), so a spreadsheet opens it as it is. Leads are exported as the user sees
//! them, pending offline edits included.

use kaicalls_vocab::Code;
use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::error::AppError;
use crate::views::{CallFilter, LeadFilter, Page, PageRequest};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The calls list.
    Calls,
    /// The transcripts of the calls list's calls (same agent, business and dates).
    Transcripts,
    /// The leads list.
    Leads,
}

/// An export as the screen asks for it: the kind and the screen's filter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportRequest {
    /// What to export.
    pub kind: ExportKind,
    /// The calls screen's filter (calls and transcripts).
    pub calls: Option<CallFilter>,
    /// The leads screen's filter.
    pub leads: Option<LeadFilter>,
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    /// Data rows written (the header not counted).
    pub rows: u32,
    /// Where it was saved (for "Saved to …"); none when the user cancelled.
    pub path: Option<String>,
}

/// Rows read per page while exporting (the store's largest page).
const PAGE: u32 = 500;

const CALL_COLUMNS: [&str; 13] = [
    "id",
    "created_at",
    "status",
    "direction",
    "duration_seconds",
    "agent",
    "number",
    "name",
    "lead_id",
    "business_id",
    "summary",
    "ended_reason",
    "recording_url",
];
const LEAD_COLUMNS: [&str; 17] = [
    "id",
    "created_at",
    "name",
    "first_name",
    "last_name",
    "phone",
    "email",
    "status",
    "source",
    "score",
    "agent",
    "business_id",
    "address",
    "city",
    "state",
    "zip",
    "notes",
];
const TRANSCRIPT_COLUMNS: [&str; 7] = [
    "call_id",
    "created_at",
    "agent",
    "status",
    "duration_seconds",
    "summary",
    "transcript",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn write_err(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        Code::ExportFailed,
        format!("The export could not be written: {e}"),
    )
}

impl ExportKind {
    /// The kind in a file name (`kaicalls-calls-2026-12-06.csv`).
    pub fn file_stem(self) -> &'static str {
        match self {
            ExportKind::Calls => "calls",
            ExportKind::Transcripts => "transcripts",
            ExportKind::Leads => "leads",
        }
    }
}

/// Every row of a newest-first list, read a page at a time with `read(after)`.
async fn every_page<T, F, Fut>(mut read: F) -> Result<Vec<T>, AppError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, AppError>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = read(PageRequest { limit: PAGE, after }).await?;
        all.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}

/// The CSV of `header` and `rows`, and how many rows it holds.
fn csv_of(header: &[&str], rows: Vec<Vec<String>>) -> Result<(Vec<u8>, u32), AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(write_err)?;
    for row in &rows {
        out.write_record(row).map_err(write_err)?;
    }
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    Ok((out.into_inner().map_err(write_err)?, count))
}

impl Session {
    /// The CSV text of `request` and its number of data rows.
    pub async fn export_csv(&self, request: ExportRequest) -> Result<(Vec<u8>, u32), AppError> {
        match request.kind {
            ExportKind::Calls => {
                let filter = request.calls.unwrap_or_default();
                let calls = every_page(|page| self.calls(filter.clone(), page)).await?;
                let rows = calls
                    .into_iter()
                    .map(|c| {
                        vec![
                            c.id,
                            opt(c.created_at),
                            opt(c.status),
                            opt(c.direction.map(|d| d.as_str())),
                            opt(c.duration_seconds),
                            opt(c.agent_name),
                            opt(c.number),
                            opt(c.customer_name.or(c.lead_name)),
                            opt(c.lead_id),
                            opt(c.business_id),
                            opt(c.summary),
                            opt(c.ended_reason),
                            opt(c.recording_url),
                        ]
                    })
                    .collect();
                csv_of(&CALL_COLUMNS, rows)
            }
            ExportKind::Leads => {
                let filter = request.leads.unwrap_or_default();
                let leads = every_page(|page| self.leads(filter.clone(), page)).await?;
                let mut rows = Vec::with_capacity(leads.len());
                for l in leads {
                    // An edit waiting to be sent is laid over, as the lead shows it.
                    let l = match l.pending_edits {
                        0 => l,
                        _ => match self.sync.engine().outbox().lead_view(&l.id).await? {
                            Some(edited) => crate::views::LeadDetail::from(edited).lead,
                            None => l,
                        },
                    };
                    rows.push(vec![
                        l.id,
                        opt(l.created_at),
                        opt(l.name),
                        opt(l.first_name),
                        opt(l.last_name),
                        opt(l.phone),
                        opt(l.email),
                        opt(l.status),
                        opt(l.source),
                        opt(l.score),
                        opt(l.agent_name),
                        opt(l.business_id),
                        opt(l.address),
                        opt(l.city),
                        opt(l.state),
                        opt(l.zip),
                        opt(l.notes),
                    ]);
                }
                csv_of(&LEAD_COLUMNS, rows)
            }
            ExportKind::Transcripts => {
                let calls = request.calls.unwrap_or_default();
                let filter = kaicalls_store::TranscriptFilter {
                    agent_id: calls.agent_id,
                    business_id: calls.business_id,
                    created: calls.created.into(),
                };
                let transcripts = every_page(|page| {
                    let (filter, page) = (filter.clone(), kaicalls_store::PageRequest::from(page));
                    async move {
                        let rows = self
                            .cache
                            .read(move |s| s.list_transcripts(&filter, &page))
                            .await?;
                        Ok(Page::of(rows, |t| t))
                    }
                })
                .await?;
                let rows = transcripts
                    .into_iter()
                    .map(|t| {
                        vec![
                            t.call_id,
                            opt(t.created_at),
                            opt(t.agent_name),
                            opt(t.status),
                            opt(t.duration_seconds),
                            opt(t.summary),
                            opt(t.transcript),
                        ]
                    })
                    .collect();
                csv_of(&TRANSCRIPT_COLUMNS, rows)
            }
        }
    }
}
