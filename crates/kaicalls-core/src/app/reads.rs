//! What the screens ask of the open account. Reads come from the offline copy (instant,
//! offline-capable) as view types; lead edits go through the outbox, which announces them
//! on the account's bus.

use std::time::Duration;

use kaicalls_api::models::InboundCall;
use kaicalls_store::Business;
use kaicalls_vocab::{Code, LeadField};
use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::sandbox_host::is_local;
use super::session::Session;
use crate::error::AppError;
use crate::events::SyncPhase;
use crate::links::recording_link;
use crate::sync::call_lacks_details;
use crate::views::{
    AgentView, BusinessView, CallDetail, CallFilter, CallView, LeadDetail, LeadEdit, LeadFilter,
    LeadView, NumberView, Page, PageRequest, PendingEdit, PipelineView, SearchPageView,
    SearchRequest, TranscriptView,
};

/// `local@domain.tld`, no spaces: enough to catch a typo, not a full RFC 5322 parser.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
                && domain
                    .split_once('.')
                    .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty())
        }
        None => false,
    }
}

/// How long opening a call waits for its details before showing what the cache has.
const DETAILS_WAIT: Duration = Duration::from_secs(4);

/// The sync state as the offline banner shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncView {
    /// Online, offline or syncing.
    pub phase: SyncPhase,
    /// When the last pass finished without error (RFC 3339).
    pub last_success_at: Option<String>,
    /// Why the last pass failed, if it did.
    pub last_error: Option<AppError>,
    /// Lead edits waiting to be sent.
    pub pending_edits: u32,
    /// Records the server sent that the app could not read (kept aside, raw; tried again
    /// after an update). The rest of the sync is unaffected.
    pub unreadable: u32,
}

/// A simulated inbound call (sandbox only); empty fields are picked by the sandbox.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SimulatedCall {
    /// The caller's number; empty picks a new caller.
    pub from: Option<String>,
    /// The caller's name; empty picks one.
    pub name: Option<String>,
    /// Why they call.
    pub reason: Option<String>,
}

/// What the sandbox answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SimulatedCallStarted {
    /// The simulated call.
    pub call_id: String,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn not_cached(what: &str) -> AppError {
    AppError::new(
        Code::NotCached,
        format!("This {what} is not in the offline copy yet. It appears after the next sync."),
    )
}

impl Session {
    /// One page of calls, newest first.
    pub async fn calls(
        &self,
        filter: CallFilter,
        page: PageRequest,
    ) -> Result<Page<CallView>, AppError> {
        let filter = kaicalls_store::CallFilter::try_from(filter)?;
        let page = page.into();
        let rows = self
            .cache
            .read(move |s| s.list_calls(&filter, &page))
            .await?;
        Ok(Page::of(rows, CallView::from))
    }

    /// One call with its transcript (`not_cached` when the cache has never seen it). A
    /// finished call the cache knows only from the list has its details read first when
    /// online, waiting at most 4 s; offline, or on any failure, the cached
    /// copy is shown as it is.
    pub async fn call(&self, id: &str) -> Result<CallDetail, AppError> {
        let read = |id: String| {
            self.cache
                .read(move |s| Ok((s.get_call(&id)?, s.get_transcript(&id)?)))
        };
        let (mut call, mut transcript) = read(id.to_owned()).await?;
        let engine = self.sync.engine();
        if call.as_ref().is_some_and(call_lacks_details)
            && engine.status().phase == SyncPhase::Online
        {
            match tokio::time::timeout(DETAILS_WAIT, engine.read_call_details(id)).await {
                Ok(Ok(_)) => (call, transcript) = read(id.to_owned()).await?,
                Ok(Err(e)) => {
                    tracing::debug!(code = e.code().as_str(), "call details not read: {e}")
                }
                Err(_) => tracing::debug!("call details not read in time"),
            }
        }
        let call = call.ok_or_else(|| not_cached("call"))?;
        Ok(CallDetail {
            quality: crate::views::quality_of(&call.raw),
            call: call.into(),
            transcript: transcript.map(TranscriptView::from),
        })
    }

    /// The recording of call `id`, checked to be a link the desktop may open
    /// ([`recording_link`]): the UI can only name a call, never pass a link of its own.
    pub async fn recording_url(&self, id: &str) -> Result<Url, AppError> {
        let id = id.to_owned();
        let call = self.cache.read(move |s| s.get_call(&id)).await?;
        let link = call.and_then(|c| c.recording_url).ok_or_else(|| {
            AppError::new(
                Code::NoRecording,
                "This call has no recording in the offline copy.",
            )
        })?;
        recording_link(&link)
    }

    /// The account's agents, each flagged if its last change regressed its evals.
    pub async fn agents(&self) -> Result<Vec<AgentView>, AppError> {
        let (rows, regressed) = self
            .cache
            .read(|s| Ok((s.list_agents()?, s.regressed_agents()?)))
            .await?;
        Ok(rows
            .into_iter()
            .map(AgentView::from)
            .map(|mut a| {
                a.regressed = regressed.contains(&a.id);
                a
            })
            .collect())
    }

    /// The businesses the account's key reaches, named where the cache knows the name.
    /// A key scoped to some businesses reaches only those, whatever else the cache holds;
    /// one the cache has not seen yet is still listed, by id.
    pub async fn businesses(&self) -> Result<Vec<BusinessView>, AppError> {
        let reach = &self.account.business_ids;
        let mut out: Vec<BusinessView> = self
            .reached_businesses()
            .await?
            .into_iter()
            .map(|b| BusinessView {
                id: b.id,
                name: b.name,
            })
            .collect();
        for id in reach {
            if !out.iter().any(|b| &b.id == id) {
                out.push(BusinessView {
                    id: id.clone(),
                    name: None,
                });
            }
        }
        Ok(out)
    }

    /// The cached businesses the account's key reaches (a key scoped to some businesses
    /// reaches only those, whatever else the cache holds).
    pub(crate) async fn reached_businesses(&self) -> Result<Vec<Business>, AppError> {
        let reach = self.account.business_ids.clone();
        Ok(self
            .cache
            .read(|s| s.list_businesses())
            .await?
            .into_iter()
            .filter(|b| reach.is_empty() || reach.contains(&b.id))
            .collect())
    }

    /// The account's phone numbers.
    pub async fn numbers(&self) -> Result<Vec<NumberView>, AppError> {
        let rows = self.cache.read(|s| s.list_numbers()).await?;
        Ok(rows.into_iter().map(NumberView::from).collect())
    }

    /// One page of leads, newest first.
    pub async fn leads(
        &self,
        filter: LeadFilter,
        page: PageRequest,
    ) -> Result<Page<LeadView>, AppError> {
        let (filter, page) = (filter.into(), page.into());
        let rows = self
            .cache
            .read(move |s| s.list_leads(&filter, &page))
            .await?;
        Ok(Page::of(rows, LeadView::from))
    }

    /// Leads per pipeline stage.
    pub async fn pipeline(&self, filter: LeadFilter) -> Result<PipelineView, AppError> {
        let filter = filter.into();
        let counts = self.cache.read(move |s| s.pipeline_counts(&filter)).await?;
        Ok(counts.into())
    }

    /// One lead as the user left it (pending edits laid over the server's copy).
    pub async fn lead(&self, id: &str) -> Result<LeadDetail, AppError> {
        let view = self.sync.engine().outbox().lead_view(id).await?;
        Ok(view.ok_or_else(|| not_cached("lead"))?.into())
    }

    /// Queues a lead edit (shown as pending at once) and asks sync to send it now;
    /// offline it is sent after reconnecting. A conflicting server change is reported on
    /// the bus as `edit_superseded`.
    /// Refused before anything is queued: an empty edit, a phone that is not a dialable
    /// number (one that is becomes E.164), an email without `@` and a dot.
    pub async fn edit_lead(&self, mut edit: LeadEdit) -> Result<PendingEdit, AppError> {
        if edit.changes.is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                "The edit changes nothing.",
            ));
        }
        for change in &mut edit.changes {
            let Some(value) = change.value.as_deref().map(str::trim) else {
                continue;
            };
            match change.field {
                LeadField::Phone if !value.is_empty() => {
                    change.value = Some(self.client.phone(value).map_err(AppError::from)?);
                }
                LeadField::Email if !value.is_empty() && !looks_like_email(value) => {
                    return Err(AppError::new(
                        Code::InvalidInput,
                        format!("{value:?} is not an email address."),
                    ));
                }
                _ => {}
            }
        }
        let fields = edit.fields();
        let entry = self
            .sync
            .engine()
            .outbox()
            .edit_fields(edit.id, fields)
            .await?;
        self.sync.sync_now();
        Ok(entry.into())
    }

    /// Edits waiting to be sent, oldest first.
    pub async fn pending_edits(&self) -> Result<Vec<PendingEdit>, AppError> {
        let pending = self.sync.engine().outbox().pending().await?;
        Ok(pending.into_iter().map(PendingEdit::from).collect())
    }

    /// Transcripts, call summaries and leads matching the words, best first. An empty or
    /// punctuation-only query finds nothing.
    pub async fn search(&self, request: SearchRequest) -> Result<SearchPageView, AppError> {
        crate::search::search(&self.cache, request).await
    }

    /// The sync state for the offline banner.
    pub async fn sync_view(&self) -> Result<SyncView, AppError> {
        let status = self.sync.status();
        let pending = self.sync.engine().outbox().pending_count().await?;
        let unreadable = self.cache.read(|s| s.quarantined_count()).await?;
        Ok(SyncView {
            phase: status.phase,
            last_success_at: status.last_success_at.map(|t| t.to_rfc3339()),
            last_error: status.last_error.map(|e| AppError::new(e.code, e.message)),
            pending_edits: u32::try_from(pending).unwrap_or(u32::MAX),
            unreadable: u32::try_from(unreadable).unwrap_or(u32::MAX),
        })
    }

    /// Starts a sync pass now (progress arrives as events).
    pub fn sync_now(&self) {
        self.sync.sync_now();
    }

    /// Someone calls the business in the sandbox: a new caller becomes a new lead,
    /// delivered by webhook like a real one. Refused (`not_sandbox`) for live accounts.
    pub async fn simulate_inbound_call(
        &self,
        call: SimulatedCall,
    ) -> Result<SimulatedCallStarted, AppError> {
        if !is_local(&self.account.base_url) {
            return Err(AppError::new(
                Code::NotSandbox,
                "Simulated calls exist only in the sandbox.",
            ));
        }
        let request = InboundCall {
            agent_id: None,
            from: non_empty(call.from),
            name: non_empty(call.name),
            reason: non_empty(call.reason),
        };
        let started = self
            .client
            .sandbox()
            .inbound_call(request)
            .await
            .map_err(AppError::from_write)?;
        Ok(SimulatedCallStarted {
            call_id: started.id,
        })
    }
}
