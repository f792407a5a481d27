//! CSV export of the calls, leads and transcripts the screens show, as filtered: every
//! row (paged through the cache, no cap), a header row, UTF-8, RFC 4180 quoting (the
//! `csv` crate), so a spreadsheet opens it as it is. Leads are exported as the user sees
//! them, pending offline edits included.

use kaicalls_vocab::Code;
use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::error::AppError;
use crate::views::{CallFilter, LeadFilter, PageRequest};

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

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn write_err(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        Code::ExportFailed,
        format!("The export could not be written: {e}"),
    )
}

impl Session {
    /// The CSV text of `request` and its number of data rows.
    pub async fn export_csv(&self, request: ExportRequest) -> Result<(Vec<u8>, u32), AppError> {
        let mut out = csv::Writer::from_writer(Vec::new());
        let mut rows = 0u32;
        let mut after = None;
        match request.kind {
            ExportKind::Calls => {
                out.write_record([
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
                ])
                .map_err(write_err)?;
                let filter = request.calls.unwrap_or_default();
                loop {
                    let page = self
                        .calls(filter.clone(), PageRequest { limit: PAGE, after })
                        .await?;
                    for c in page.items {
                        out.write_record([
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
                        ])
                        .map_err(write_err)?;
                        rows += 1;
                    }
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
            }
            ExportKind::Leads => {
                out.write_record([
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
                ])
                .map_err(write_err)?;
                let filter = request.leads.unwrap_or_default();
                loop {
                    let page = self
                        .leads(filter.clone(), PageRequest { limit: PAGE, after })
                        .await?;
                    for l in page.items {
                        // An edit waiting to be sent is laid over, as the lead shows it.
                        let l = if l.pending_edits > 0 {
                            match self.sync.engine().outbox().lead_view(&l.id).await? {
                                Some(edited) => crate::views::LeadDetail::from(edited).lead,
                                None => l,
                            }
                        } else {
                            l
                        };
                        out.write_record([
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
                        ])
                        .map_err(write_err)?;
                        rows += 1;
                    }
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
            }
            ExportKind::Transcripts => {
                out.write_record([
                    "call_id",
                    "created_at",
                    "agent",
                    "status",
                    "duration_seconds",
                    "summary",
                    "transcript",
                ])
                .map_err(write_err)?;
                let calls = request.calls.unwrap_or_default();
                let filter = kaicalls_store::TranscriptFilter {
                    agent_id: calls.agent_id,
                    business_id: calls.business_id,
                    created: calls.created.into(),
                };
                loop {
                    let (filter, page) = (
                        filter.clone(),
                        kaicalls_store::PageRequest::from(PageRequest { limit: PAGE, after }),
                    );
                    let page = self
                        .cache
                        .read(move |s| s.list_transcripts(&filter, &page))
                        .await?;
                    for t in page.items {
                        out.write_record([
                            t.call_id,
                            opt(t.created_at),
                            opt(t.agent_name),
                            opt(t.status),
                            opt(t.duration_seconds),
                            opt(t.summary),
                            opt(t.transcript),
                        ])
                        .map_err(write_err)?;
                        rows += 1;
                    }
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
            }
        }
        let bytes = out.into_inner().map_err(write_err)?;
        Ok((bytes, rows))
    }
}
