//! The SDR pipeline (`/api/sdr/*`), read and driven live. An action or a real run can
//! dial or text real people, so both go through the app's once-per-request guard and are
//! never retried once they may have reached KaiCalls; a dry run changes nothing.
//! A key without `sdr:read` / `sdr:write` gets a message naming the permission.

use std::collections::HashMap;

use kaicalls_api::models::{
    ActivityFilter, PipelineFilter, ReportPeriod, SdrAction, SdrConfig, SdrLead, SdrSegment,
};
use kaicalls_vocab::Code;

use super::session::Session;
use crate::error::AppError;
use crate::views::{
    Count, SdrActionRequest, SdrActivityView, SdrConfigView, SdrLeadView, SdrPipelineView,
    SdrReportView, SdrResultView, SdrRunRequest, SdrRunView, SdrSegmentView,
};

/// Segments in the reference's order, most urgent first.
const SEGMENTS: [&str; 11] = [
    "speed_to_lead",
    "fresh_demo_caller",
    "warm_demo_caller",
    "cooling_demo",
    "new_trial_stuck",
    "trial_going_dark",
    "trial_ending",
    "contacted_no_reply",
    "exhausted",
    "churned_recent",
    "cold",
];

/// Actions a person may take on a lead.
const ACTIONS: [&str; 7] = [
    "call", "email", "sms", "skip", "pause", "resume", "escalate",
];

/// The most leads the pipeline screen asks for (the server's default page is 100).
const PIPELINE_LIMIT: u32 = 200;
/// The most activity entries (the server's maximum).
const ACTIVITY_LIMIT: u32 = 200;

/// An SDR failure, with a forbidden answer told as the permission this key lacks.
fn sdr_error(e: kaicalls_api::Error, scope: &str, write: bool) -> AppError {
    let e = if write {
        AppError::from_write(e)
    } else {
        AppError::from(e)
    };
    if e.code == Code::Forbidden {
        let doing = if scope == "sdr:read" {
            "see the SDR pipeline"
        } else {
            "change or run the SDR pipeline"
        };
        return AppError {
            message: format!(
                "This API key doesn't have the {scope} permission, which it needs to {doing}. \
                 Ask the account owner for a key with sdr:read and sdr:write."
            ),
            ..e
        };
    }
    e
}

fn lead_view(l: SdrLead) -> SdrLeadView {
    SdrLeadView {
        id: l.id,
        name: l.name,
        email: l.email,
        phone: l.phone,
        status: l.status.as_str().to_string(),
        source: l.source,
        segment: l.segment.as_str().to_string(),
        score: l.score,
        touch_count: l.touch_count,
        last_touch: l.last_touch,
        next_action: l.next_action.map(|a| a.as_str().to_string()),
        paused: l.paused,
        created_at: l.created_at,
    }
}

/// The settings as sent back: checked here first, so a mistake is explained before
/// KaiCalls sees it.
fn checked_config(edit: &SdrConfigView, agents: &[String]) -> Result<SdrConfig, AppError> {
    let invalid = |m: &str| Err(AppError::new(Code::InvalidInput, m));
    if edit
        .min_touch_gap_hours
        .is_some_and(|h| !(1..=720).contains(&h))
    {
        return invalid("Hours between touches must be from 1 to 720 (30 days).");
    }
    if edit.max_touches.is_some_and(|t| !(1..=50).contains(&t)) {
        return invalid("Touches per lead must be from 1 to 50.");
    }
    let (start, end) = (edit.business_hours_start, edit.business_hours_end);
    // A start after the end is an overnight window, the same hour is any hour: both are
    // KaiCalls' to read, so only the range is checked.
    if start.is_some_and(|h| h > 23) || end.is_some_and(|h| h > 23) {
        return invalid("Business hours are whole hours from 0 to 23.");
    }
    if let Some(agent) = &edit.sdr_agent_id {
        if !agents.is_empty() && !agents.contains(agent) {
            return invalid("The calling agent must be one of this business's agents.");
        }
    }
    if edit.enabled && edit.auto_call && edit.sdr_agent_id.is_none() {
        return invalid("Pick the agent that places SDR calls, or turn off automatic calls.");
    }
    Ok(SdrConfig {
        enabled: Some(edit.enabled),
        min_touch_gap_hours: edit.min_touch_gap_hours,
        max_touches: edit.max_touches,
        auto_call: Some(edit.auto_call),
        auto_email: Some(edit.auto_email),
        auto_sms: Some(edit.auto_sms),
        sdr_agent_id: edit.sdr_agent_id.clone(),
        business_hours_start: start,
        business_hours_end: end,
        ..SdrConfig::default()
    })
}

fn config_view(c: SdrConfig) -> SdrConfigView {
    SdrConfigView {
        enabled: c.enabled.unwrap_or(false),
        min_touch_gap_hours: c.min_touch_gap_hours,
        max_touches: c.max_touches,
        auto_call: c.auto_call.unwrap_or(false),
        auto_email: c.auto_email.unwrap_or(false),
        auto_sms: c.auto_sms.unwrap_or(false),
        sdr_agent_id: c.sdr_agent_id,
        business_hours_start: c.business_hours_start,
        business_hours_end: c.business_hours_end,
        updated_at: c.updated_at,
    }
}

impl Session {
    /// The business's pipeline, its leads grouped by segment, most urgent first.
    pub async fn sdr_pipeline(&self, business_id: &str) -> Result<SdrPipelineView, AppError> {
        let filter = PipelineFilter {
            segment: None,
            limit: Some(PIPELINE_LIMIT),
        };
        let p = self
            .client
            .sdr()
            .pipeline(business_id, filter)
            .await
            .map_err(|e| sdr_error(e, "sdr:read", false))?;
        let mut by_segment: HashMap<String, Vec<SdrLeadView>> = HashMap::new();
        for lead in p.leads {
            let lead = lead_view(lead);
            by_segment
                .entry(lead.segment.clone())
                .or_default()
                .push(lead);
        }
        let known = SEGMENTS.iter().map(|s| s.to_string());
        let mut others: Vec<String> = by_segment
            .keys()
            .filter(|k| !SEGMENTS.contains(&k.as_str()))
            .cloned()
            .collect();
        others.sort();
        let segments = known
            .chain(others)
            .filter_map(|s| {
                by_segment
                    .remove(&s)
                    .map(|leads| SdrSegmentView { segment: s, leads })
            })
            .collect();
        Ok(SdrPipelineView {
            business_id: p.business_id,
            enabled: p.enabled,
            total_leads: p.summary.total_leads,
            actionable: p.summary.actionable,
            needs_manual: p.summary.needs_manual,
            segments,
        })
    }

    /// Acts on one lead (no guard: [`crate::App::sdr_action`] holds it).
    pub(crate) async fn sdr_action(
        &self,
        request: SdrActionRequest,
    ) -> Result<SdrResultView, AppError> {
        let action = request.action.trim();
        if !ACTIONS.contains(&action) {
            return Err(AppError::new(
                Code::InvalidInput,
                format!("“{action}” is not an SDR action."),
            ));
        }
        let done = self
            .client
            .sdr()
            .action(
                &request.business_id,
                &request.lead_id,
                SdrAction::from(action),
            )
            .await
            .map_err(|e| sdr_error(e, "sdr:write", true))?;
        let mut names = self.lead_names(std::slice::from_ref(&done.lead_id)).await;
        Ok(SdrResultView {
            success: done.success,
            action: done.action.as_str().to_string(),
            lead_name: names.remove(&done.lead_id),
            lead_id: done.lead_id,
            detail: done.detail,
        })
    }

    /// The business's settings; ones never set are KaiCalls' defaults.
    pub async fn sdr_config(&self, business_id: &str) -> Result<SdrConfigView, AppError> {
        let c = self
            .client
            .sdr()
            .config(business_id)
            .await
            .map_err(|e| sdr_error(e, "sdr:read", false))?;
        Ok(config_view(c))
    }

    /// Checks and saves the settings; answers them as KaiCalls kept them.
    pub async fn sdr_set_config(
        &self,
        business_id: &str,
        edit: SdrConfigView,
    ) -> Result<SdrConfigView, AppError> {
        let agents: Vec<String> = self
            .cache
            .read(|s| s.list_agents())
            .await?
            .into_iter()
            .filter(|a| a.business_id.as_deref() == Some(business_id))
            .map(|a| a.id)
            .collect();
        let config = checked_config(&edit, &agents)?;
        let saved = self
            .client
            .sdr()
            .set_config(business_id, &config)
            .await
            .map_err(|e| sdr_error(e, "sdr:write", false))?;
        Ok(config_view(saved))
    }

    /// A run, or its preview (no guard: [`crate::App::sdr_run`] holds it for real runs).
    pub(crate) async fn sdr_run(&self, request: &SdrRunRequest) -> Result<SdrRunView, AppError> {
        let run = self
            .client
            .sdr()
            .run(&request.business_id, request.dry_run)
            .await
            .map_err(|e| sdr_error(e, "sdr:write", !request.dry_run))?;
        let ids: Vec<String> = run.results.iter().map(|r| r.lead_id.clone()).collect();
        let names = self.lead_names(&ids).await;
        Ok(SdrRunView {
            dry_run: request.dry_run,
            calls_queued: run.summary.calls_queued,
            emails_queued: run.summary.emails_queued,
            sms_sent: run.summary.sms_sent,
            escalated: run.summary.escalated,
            failed: run.summary.failed,
            skipped: run.skipped,
            results: run
                .results
                .into_iter()
                .map(|r| SdrResultView {
                    success: r.success,
                    action: r.action.as_str().to_string(),
                    lead_name: names.get(&r.lead_id).cloned(),
                    lead_id: r.lead_id,
                    detail: r.detail,
                })
                .collect(),
            errors: run
                .errors
                .into_iter()
                .map(|e| match e {
                    serde_json::Value::String(s) => s,
                    other => other["message"]
                        .as_str()
                        .map_or_else(|| other.to_string(), str::to_string),
                })
                .collect(),
        })
    }

    /// Touches per action and outcome, and the hot and stale leads of `period` (`today`,
    /// `week` or `month`).
    pub async fn sdr_report(
        &self,
        business_id: &str,
        period: &str,
    ) -> Result<SdrReportView, AppError> {
        let period = match period {
            "today" | "week" | "month" => ReportPeriod::from(period),
            other => {
                return Err(AppError::new(
                    Code::InvalidInput,
                    format!("“{other}” is not a report period (today, week or month)."),
                ));
            }
        };
        let r = self
            .client
            .sdr()
            .report(business_id, Some(period))
            .await
            .map_err(|e| sdr_error(e, "sdr:read", false))?;
        Ok(SdrReportView {
            period: r.period.name.as_str().to_string(),
            since: r.period.since,
            actions: r
                .actions
                .into_iter()
                .map(|(name, count)| Count { name, count })
                .collect(),
            succeeded: r.outcomes.success,
            failed: r.outcomes.failed,
            new_leads: r.new_leads,
            hot_leads: r.hot_leads.into_iter().map(lead_view).collect(),
            stale_leads: r.stale_leads.into_iter().map(lead_view).collect(),
        })
    }

    /// The newest touches, of one lead or all.
    pub async fn sdr_activity(
        &self,
        business_id: &str,
        lead_id: Option<String>,
    ) -> Result<Vec<SdrActivityView>, AppError> {
        let filter = ActivityFilter {
            lead_id: lead_id.filter(|l| !l.trim().is_empty()),
            limit: Some(ACTIVITY_LIMIT),
        };
        let log = self
            .client
            .sdr()
            .activity(business_id, filter)
            .await
            .map_err(|e| sdr_error(e, "sdr:read", false))?;
        let ids: Vec<String> = log.activity.iter().map(|a| a.lead_id.clone()).collect();
        let names = self.lead_names(&ids).await;
        Ok(log
            .activity
            .into_iter()
            .map(|a| SdrActivityView {
                lead_name: names.get(&a.lead_id).cloned(),
                id: a.id,
                lead_id: a.lead_id,
                action: a.action.as_str().to_string(),
                success: a.success,
                detail: a.detail,
                segment: a.segment.map(|s: SdrSegment| s.as_str().to_string()),
                created_at: a.created_at,
            })
            .collect())
    }

    /// Names of the cached leads among `ids`; a lead not cached yet has none.
    async fn lead_names(&self, ids: &[String]) -> HashMap<String, String> {
        let ids = ids.to_vec();
        self.cache
            .read(move |s| s.get_leads(&ids))
            .await
            .unwrap_or_default()
            .into_iter()
            .filter_map(|l| Some((l.id, l.name?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SdrConfigView {
        SdrConfigView {
            enabled: true,
            min_touch_gap_hours: Some(24),
            max_touches: Some(5),
            auto_call: true,
            sdr_agent_id: Some("a1".into()),
            business_hours_start: Some(9),
            business_hours_end: Some(17),
            ..SdrConfigView::default()
        }
    }

    #[test]
    fn a_missing_scope_is_named_in_plain_words() {
        let forbidden = || kaicalls_api::Error::Forbidden {
            message: "This API key does not have the required scope: sdr:read".into(),
        };
        let read = sdr_error(forbidden(), "sdr:read", false);
        assert_eq!(read.code, Code::Forbidden);
        assert!(read.message.contains("the sdr:read permission"), "{read:?}");
        assert!(read.message.contains("see the SDR pipeline"));
        let write = sdr_error(forbidden(), "sdr:write", true);
        assert!(write.message.contains("change or run"), "{write:?}");
    }

    #[test]
    fn settings_are_checked_before_they_are_sent() {
        let agents = ["a1".to_string()];
        assert!(checked_config(&config(), &agents).is_ok());
        let bad = [
            SdrConfigView {
                min_touch_gap_hours: Some(0),
                ..config()
            },
            SdrConfigView {
                max_touches: Some(51),
                ..config()
            },
            SdrConfigView {
                business_hours_end: Some(24),
                ..config()
            },
            SdrConfigView {
                sdr_agent_id: Some("other".into()),
                ..config()
            },
            SdrConfigView {
                sdr_agent_id: None,
                ..config()
            },
        ];
        for edit in bad {
            let e = checked_config(&edit, &agents).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{edit:?}");
        }
    }
}
