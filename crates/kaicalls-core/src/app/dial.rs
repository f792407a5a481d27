//! Placing a call: it dials a real person and is billed, so it is online only (never
//! queued), and one request id places at most one call, even across a restart.
//!
//! Every dial is written to the store's dial ledger before its request leaves. The same
//! request id again (a double click, the dialog's "Call" pressed after a lost answer) is
//! answered from the ledger: the call placed, `call_in_progress`, or
//! `call_outcome_unknown`; only a refusal that placed nothing frees the id. A dial whose
//! outcome is unknown stays on the calls list as "may have been placed" until the user
//! dismisses it, the app syncs calls at once and again shortly after to find it, and a
//! new dial to the same number within `REDIAL_WINDOW_MINUTES` is warned about.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use kaicalls_api::models::CreateCall;
use kaicalls_store::{Collection, Dial, DialBegin, DialState, NewDial};
use kaicalls_vocab::{Code, Retry};
use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::cache::Freshness;
use crate::error::AppError;

/// Longest call the dialog offers.
const MAX_DURATION_SECONDS: u32 = 3600;
/// Shortest: anything less ends most calls before the greeting.
const MIN_DURATION_SECONDS: u32 = 30;
/// A new dial to a number called this recently is warned about.
const REDIAL_WINDOW_MINUTES: i64 = 10;
/// How long a "may have been placed" dial stays on the calls list unless dismissed.
const UNCERTAIN_SHOWN_HOURS: i64 = 24;
/// After an unknown outcome: sync now, and again after these delays (a queued call can
/// take a moment to appear in `GET /calls`).
const FOLLOW_UP_SYNCS: [StdDuration; 2] = [StdDuration::from_secs(15), StdDuration::from_secs(60)];
/// Longest first message or context the dialog sends (the agent reads it aloud or into
/// its prompt; anything longer is a paste gone wrong).
const MAX_TEXT_CHARS: usize = 2000;

/// What the dial dialog sends.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlaceCall {
    /// Made once per attempt in the dialog; the same id is never dialled twice.
    pub request_id: String,
    /// The calling agent.
    pub agent_id: String,
    /// The number to call, in any common format (normalised to E.164 before sending).
    pub to: String,
    /// The callee's name, which the agent uses.
    pub name: Option<String>,
    /// What the call is about, for the agent.
    pub context: Option<String>,
    /// The agent's opening line for this call only.
    pub first_message: Option<String>,
    /// The lead this call is about (KaiCalls enriches the call from it).
    pub lead_id: Option<String>,
    /// Longest the call may last, in seconds (30–3600; KaiCalls' default 600 if none).
    pub max_duration: Option<u32>,
}

/// A call KaiCalls accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlacedCall {
    /// Its id (open it to follow its status).
    pub call_id: String,
}

/// A dial of this app, as the calls list and the dial dialog show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DialView {
    /// The attempt's request id.
    pub request_id: String,
    /// Who was called, E.164.
    pub to: String,
    /// The calling agent.
    pub agent_id: String,
    /// The callee's name.
    pub name: Option<String>,
    /// `sending`, `placed` or `uncertain`.
    pub state: String,
    /// The call KaiCalls created, when it answered.
    pub call_id: Option<String>,
    /// A synced call to the same number around the dial: probably the one it placed.
    pub found_call_id: Option<String>,
    /// Why the outcome is unknown (`call_outcome_unknown`, `interrupted`, …).
    pub error_code: Option<String>,
    /// When it was sent (RFC 3339).
    pub started_at: String,
}

impl From<Dial> for DialView {
    fn from(d: Dial) -> Self {
        DialView {
            state: d.state.as_str().to_string(),
            request_id: d.request_id,
            to: d.to,
            agent_id: d.agent_id,
            name: d.name,
            call_id: d.call_id,
            found_call_id: d.found_call_id,
            error_code: d.error_code,
            started_at: d.started_at.to_rfc3339(),
        }
    }
}

/// What the dialog's confirmation step needs to know about a number before dialling it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DialCheck {
    /// The number as it would be dialled (E.164).
    pub to: String,
    /// This app's dials to it in the last `window_minutes` minutes, newest first.
    pub recent_dials: Vec<DialView>,
    /// Calls to it in the offline copy over the same minutes (from anywhere: this app,
    /// the web dashboard, the SDR), newest first, as (id, RFC 3339 time).
    pub recent_calls: Vec<RecentCall>,
    /// The window those cover, in minutes.
    pub window_minutes: u32,
    /// The newest lead with this number in the offline copy: the call is linked to it
    /// (KaiCalls would match it by number too; linking says so on the confirmation).
    pub lead_id: Option<String>,
}

/// A call to the number, from the offline copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecentCall {
    /// Its id.
    pub call_id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn bounded(what: &str, text: Option<String>) -> Result<Option<String>, AppError> {
    let text = non_empty(text);
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(AppError::new(
            Code::InvalidInput,
            format!("The {what} is longer than {MAX_TEXT_CHARS} characters."),
        ));
    }
    Ok(text)
}

impl Session {
    /// Places the call at most once per request id (see the module docs), then caches it
    /// at once so the calls list shows it; sync and webhooks bring its progress.
    pub(crate) async fn place(self: &Arc<Self>, call: PlaceCall) -> Result<PlacedCall, AppError> {
        // `App::place_call` refused an empty id already.
        let request_id = call.request_id.trim().to_string();
        let agent_id = call.agent_id.trim().to_string();
        if agent_id.is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                "Choose the agent that calls.",
            ));
        }
        let to = self.client.phone(&call.to).map_err(AppError::from)?;
        if let Some(seconds) = call.max_duration {
            if !(MIN_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&seconds) {
                return Err(AppError::new(
                    Code::InvalidInput,
                    format!(
                        "The longest a call may last is between {MIN_DURATION_SECONDS} seconds \
                         and {} minutes.",
                        MAX_DURATION_SECONDS / 60
                    ),
                ));
            }
        }
        let mut request = CreateCall::new(agent_id.clone(), to.clone());
        request.name = bounded("name", call.name)?;
        request.context = bounded("call's context", call.context)?;
        request.first_message = bounded("first message", call.first_message)?;
        request.lead_id = non_empty(call.lead_id);
        request.max_duration = call.max_duration;

        let new = NewDial {
            request_id: request_id.clone(),
            to,
            agent_id,
            name: request.name.clone(),
        };
        // On disk before the request leaves; if this fails, nothing is sent.
        let begun = self
            .cache
            .with(move |s| s.begin_dial(&new, Utc::now()))
            .await?;
        if let DialBegin::Existing(earlier) = begun {
            return answer_from_ledger(earlier);
        }

        match self.client.calls().create(request).await {
            Ok(created) => {
                let call_id = created.id.clone();
                let id = request_id.clone();
                let placed = call_id.clone();
                if let Err(e) = self
                    .cache
                    .with(move |s| s.dial_placed(&id, &placed, Utc::now()))
                    .await
                {
                    tracing::warn!(
                        code = e.code().as_str(),
                        "the dial's outcome was not recorded"
                    );
                }
                self.cache_placed(&created).await;
                self.sync.sync_now();
                Ok(PlacedCall { call_id })
            }
            Err(e) => {
                let e = AppError::from_write(e);
                if e.may_have_taken_effect {
                    let id = request_id.clone();
                    let recorded = self
                        .cache
                        .with(move |s| {
                            s.dial_uncertain(&id, Code::CallOutcomeUnknown.as_str(), Utc::now())
                        })
                        .await;
                    if let Err(err) = recorded {
                        tracing::warn!(
                            code = err.code().as_str(),
                            "the uncertain dial stays 'sending'"
                        );
                    }
                    self.follow_up_syncs();
                    // The UI must not offer "try again": a code of its own says so.
                    Err(AppError {
                        code: Code::CallOutcomeUnknown,
                        retry: Retry::Never,
                        ..e
                    })
                } else {
                    let id = request_id.clone();
                    if let Err(err) = self.cache.with(move |s| s.dial_refused(&id)).await {
                        tracing::warn!(code = err.code().as_str(), "a refused dial stays recorded");
                    }
                    Err(e)
                }
            }
        }
    }

    async fn cache_placed(&self, created: &kaicalls_api::models::CallCreated) {
        match serde_json::to_value(created) {
            Ok(item) => {
                if let Err(e) = self
                    .cache
                    .apply(Collection::Calls, item, Freshness::News)
                    .await
                {
                    tracing::warn!(
                        code = e.code().as_str(),
                        "the placed call was not cached yet"
                    );
                }
            }
            Err(e) => tracing::warn!(error = %e, "the placed call could not be cached"),
        }
    }

    /// Syncs calls now and again shortly after, so a call that was placed after all
    /// shows up (and is linked to the uncertain dial) without the user asking.
    fn follow_up_syncs(self: &Arc<Self>) {
        self.sync.sync_now();
        let session = Arc::downgrade(self);
        tokio::spawn(async move {
            for delay in FOLLOW_UP_SYNCS {
                tokio::time::sleep(delay).await;
                match session.upgrade() {
                    Some(s) => s.sync.sync_now(),
                    None => return,
                }
            }
        });
    }

    /// Dials whose outcome is unknown, of the last day, not dismissed; each linked to the
    /// synced call that probably is it, where one has arrived.
    pub async fn uncertain_dials(&self) -> Result<Vec<DialView>, AppError> {
        let since = Utc::now() - Duration::hours(UNCERTAIN_SHOWN_HOURS);
        let dials = self
            .cache
            .with(move |s| {
                s.find_dialled_calls()?;
                s.open_uncertain_dials(since)
            })
            .await?;
        Ok(dials.into_iter().map(DialView::from).collect())
    }

    /// The user has dealt with an uncertain dial.
    pub async fn dismiss_dial(&self, request_id: String) -> Result<(), AppError> {
        self.cache
            .with(move |s| s.dismiss_dial(&request_id, Utc::now()))
            .await?;
        Ok(())
    }

    /// What the confirmation step shows about `to`: recent dials and calls to it.
    pub async fn dial_check(&self, to: &str) -> Result<DialCheck, AppError> {
        let to = self.client.phone(to).map_err(AppError::from)?;
        let since = Utc::now() - Duration::minutes(REDIAL_WINDOW_MINUTES);
        let number = to.clone();
        let (dials, calls, lead_id) = self
            .cache
            .read(move |s| {
                Ok((
                    s.dials_to(&number, since)?,
                    s.calls_to(&number, since)?,
                    s.lead_id_with_phone(&number)?,
                ))
            })
            .await?;
        Ok(DialCheck {
            to,
            recent_dials: dials.into_iter().map(DialView::from).collect(),
            recent_calls: calls
                .into_iter()
                .map(|(call_id, at)| RecentCall {
                    call_id,
                    created_at: at.to_rfc3339(),
                })
                .collect(),
            window_minutes: REDIAL_WINDOW_MINUTES as u32,
            lead_id,
        })
    }
}

/// The answer to a request id the ledger already holds.
fn answer_from_ledger(earlier: Dial) -> Result<PlacedCall, AppError> {
    match (earlier.state, earlier.call_id) {
        (DialState::Placed, Some(call_id)) => Ok(PlacedCall { call_id }),
        (DialState::Sending, _) => Err(AppError {
            may_have_taken_effect: true,
            retry: Retry::Never,
            ..AppError::new(
                Code::CallInProgress,
                "This call is already being placed. Wait for it to show up in the calls list.",
            )
        }),
        _ => Err(AppError {
            may_have_taken_effect: true,
            retry: Retry::Never,
            ..AppError::new(
                Code::CallOutcomeUnknown,
                "This call may already have been placed; it was not sent again. Check the \
                 calls list before calling again.",
            )
        }),
    }
}
