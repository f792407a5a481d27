//! The agent workbench's local records: saved changes (version history), unsaved drafts,
//! per-agent options, eval runs and the scenarios last read.
//!
//! KaiCalls' public API shows no history of an agent's settings, so this is the only
//! record of what this app changed and what it was before: rows are only ever added,
//! except that a change gets its eval results once the gate has run. The store keeps the
//! JSON it is given; what a change or a run means is `kaicalls-core`'s business.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Store;
use crate::error::Result;
use crate::model::raw_json;
use crate::time::{from_ms, now_ms};

/// A change about to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAgentVersion {
    /// The agent.
    pub agent_id: String,
    /// `edit` or `rollback`.
    pub kind: String,
    /// `[{field, before, after}]`.
    pub changes: Value,
    /// What was sent, exactly.
    pub sent: Value,
    /// The server's `updated_fields`.
    pub updated_fields: Vec<String>,
    /// The version a rollback restores.
    pub rollback_of: Option<i64>,
}

/// A recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentVersion {
    /// Increasing id (per cache file).
    pub id: i64,
    /// The agent.
    pub agent_id: String,
    /// `edit` or `rollback`.
    pub kind: String,
    /// `[{field, before, after}]`.
    pub changes: Value,
    /// What was sent.
    pub sent: Value,
    /// The server's `updated_fields`.
    pub updated_fields: Vec<String>,
    /// The version a rollback restores.
    pub rollback_of: Option<i64>,
    /// The eval gate's summary, once it ran.
    pub evals: Option<Value>,
    /// Whether the gate found a regression.
    pub regressed: bool,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

const VERSION_COLUMNS: &str = "id, agent_id, kind, changes, sent, updated_fields, rollback_of, \
                               evals, regressed, created_ms";

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<AgentVersion> {
    let updated = match raw_json(&row.get::<_, String>(5)?) {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    Ok(AgentVersion {
        id: row.get(0)?,
        agent_id: row.get(1)?,
        kind: row.get(2)?,
        changes: raw_json(&row.get::<_, String>(3)?),
        sent: raw_json(&row.get::<_, String>(4)?),
        updated_fields: updated,
        rollback_of: row.get(6)?,
        evals: row.get::<_, Option<String>>(7)?.map(|t| raw_json(&t)),
        regressed: row.get::<_, i64>(8)? != 0,
        created_at: from_ms(row.get(9)?),
    })
}

/// One scenario run as this app saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalRunRecord {
    /// The server's run id.
    pub run_id: Option<String>,
    /// The agent.
    pub agent_id: String,
    /// The scenario.
    pub eval_id: Option<String>,
    /// The scenario's name then.
    pub name: Option<String>,
    /// Whether it passed (none while it had not ended).
    pub passed: Option<bool>,
    /// The run as the server answered it.
    pub raw: Value,
    /// The change whose gate ran it.
    pub version_id: Option<i64>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

const RUN_COLUMNS: &str = "run_id, agent_id, eval_id, name, passed, raw, version_id, created_ms";

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<EvalRunRecord> {
    Ok(EvalRunRecord {
        run_id: row.get(0)?,
        agent_id: row.get(1)?,
        eval_id: row.get(2)?,
        name: row.get(3)?,
        passed: row.get::<_, Option<i64>>(4)?.map(|p| p != 0),
        raw: raw_json(&row.get::<_, String>(5)?),
        version_id: row.get(6)?,
        created_at: from_ms(row.get(7)?),
    })
}

impl Store {
    /// Records a saved change and returns it.
    pub fn record_agent_version(&mut self, v: &NewAgentVersion) -> Result<AgentVersion> {
        let updated = Value::from(v.updated_fields.clone()).to_string();
        Ok(self.conn.query_row(
            &format!(
                "INSERT INTO agent_versions \
                 (agent_id, kind, changes, sent, updated_fields, rollback_of, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING {VERSION_COLUMNS}"
            ),
            params![
                v.agent_id,
                v.kind,
                v.changes.to_string(),
                v.sent.to_string(),
                updated,
                v.rollback_of,
                now_ms()
            ],
            version_from_row,
        )?)
    }

    /// Attaches the eval gate's result to a change.
    pub fn set_version_evals(&mut self, id: i64, evals: &Value, regressed: bool) -> Result<()> {
        self.conn.execute(
            "UPDATE agent_versions SET evals = ?2, regressed = ?3 WHERE id = ?1",
            params![id, evals.to_string(), i64::from(regressed)],
        )?;
        Ok(())
    }

    /// An agent's changes, newest first (at most `limit`).
    pub fn agent_versions(&self, agent_id: &str, limit: u32) -> Result<Vec<AgentVersion>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM agent_versions WHERE agent_id = ?1 \
             ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![agent_id, limit], version_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One change by id.
    pub fn agent_version(&self, id: i64) -> Result<Option<AgentVersion>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {VERSION_COLUMNS} FROM agent_versions WHERE id = ?1"),
                [id],
                version_from_row,
            )
            .optional()?)
    }

    /// The agents whose latest change regressed their evals.
    pub fn regressed_agents(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT agent_id FROM agent_versions v WHERE regressed = 1 AND id = \
             (SELECT max(id) FROM agent_versions w WHERE w.agent_id = v.agent_id)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The unsaved editor form of an agent.
    pub fn agent_draft(&self, agent_id: &str) -> Result<Option<Value>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT draft FROM agent_drafts WHERE agent_id = ?1",
                [agent_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.map(|t| raw_json(&t)))
    }

    /// Keeps the editor form of an agent (replacing the one kept).
    pub fn save_agent_draft(&mut self, agent_id: &str, draft: &Value) -> Result<()> {
        self.conn.execute(
            "INSERT INTO agent_drafts (agent_id, draft, updated_ms) VALUES (?1, ?2, ?3) \
             ON CONFLICT (agent_id) DO UPDATE SET draft = excluded.draft, \
             updated_ms = excluded.updated_ms",
            params![agent_id, draft.to_string(), now_ms()],
        )?;
        Ok(())
    }

    /// Drops the editor form of an agent (saved or discarded).
    pub fn discard_agent_draft(&mut self, agent_id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM agent_drafts WHERE agent_id = ?1", [agent_id])?;
        Ok(())
    }

    /// The eval gate option: `None` when the user never chose.
    pub fn eval_gate(&self, agent_id: &str) -> Result<Option<bool>> {
        let v: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT eval_gate FROM agent_options WHERE agent_id = ?1",
                [agent_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.flatten().map(|g| g != 0))
    }

    /// Sets the eval gate option.
    pub fn set_eval_gate(&mut self, agent_id: &str, on: bool) -> Result<()> {
        self.conn.execute(
            "INSERT INTO agent_options (agent_id, eval_gate) VALUES (?1, ?2) \
             ON CONFLICT (agent_id) DO UPDATE SET eval_gate = excluded.eval_gate",
            params![agent_id, i64::from(on)],
        )?;
        Ok(())
    }

    /// Records scenario runs (one transaction).
    pub fn record_eval_runs(&mut self, runs: &[EvalRunRecord]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO eval_runs \
                 (run_id, agent_id, eval_id, name, passed, raw, version_id, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for r in runs {
                stmt.execute(params![
                    r.run_id,
                    r.agent_id,
                    r.eval_id,
                    r.name,
                    r.passed.map(i64::from),
                    r.raw.to_string(),
                    r.version_id,
                    r.created_at.timestamp_millis()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// An agent's recorded runs, newest first (at most `limit`).
    pub fn eval_runs(&self, agent_id: &str, limit: u32) -> Result<Vec<EvalRunRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM eval_runs WHERE agent_id = ?1 ORDER BY pk DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![agent_id, limit], run_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest finished run of a scenario: what a new result is compared with.
    pub fn last_eval_result(&self, eval_id: &str) -> Result<Option<bool>> {
        let v: Option<i64> = self
            .conn
            .query_row(
                "SELECT passed FROM eval_runs WHERE eval_id = ?1 AND passed IS NOT NULL \
                 ORDER BY pk DESC LIMIT 1",
                [eval_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.map(|p| p != 0))
    }

    /// Replaces the scenarios kept for an agent with `evals` (the list just read).
    pub fn replace_evals(&mut self, agent_id: &str, evals: &[(String, Value)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM evals WHERE agent_id = ?1", [agent_id])?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO evals (id, agent_id, raw, fetched_ms) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (id, raw) in evals {
                stmt.execute(params![id, agent_id, raw.to_string(), now_ms()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Keeps one scenario (created, edited or fetched whole).
    pub fn put_eval(&mut self, id: &str, agent_id: &str, raw: &Value) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO evals (id, agent_id, raw, fetched_ms) VALUES (?1, ?2, ?3, ?4)",
            params![id, agent_id, raw.to_string(), now_ms()],
        )?;
        Ok(())
    }

    /// Forgets a deleted scenario.
    pub fn remove_eval(&mut self, id: &str) -> Result<()> {
        self.conn.execute("DELETE FROM evals WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The scenarios kept for an agent, oldest first.
    pub fn evals(&self, agent_id: &str) -> Result<Vec<Value>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT raw FROM evals WHERE agent_id = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([agent_id], |r| r.get::<_, String>(0))?;
        Ok(rows
            .map(|r| r.map(|t| raw_json(&t)))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// One kept scenario.
    pub fn eval(&self, id: &str) -> Result<Option<Value>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT raw FROM evals WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(text.map(|t| raw_json(&t)))
    }
}
