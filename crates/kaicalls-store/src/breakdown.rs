//! A window's figures, per agent and per business, from the cache: the offline side of the
//! dashboard's totals, agent table, week-on-week panel and business comparison.
//!
//! The rules are the server's (see [`crate::analytics`]): a call is completed when its
//! status is `completed` or `ended`, averages divide by every call, a lead is converted
//! when its status says so. A call from the list route names no business, so it counts for
//! its agent's business.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::analytics::{avg, percent};
use crate::error::Result;
use crate::query::Where;

/// Which records a breakdown counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Created at or after.
    pub from: DateTime<Utc>,
    /// Created before; open when `None`.
    pub to: Option<DateTime<Utc>>,
    /// One business only (ignored by [`Store::business_figures`], which compares them).
    pub business_id: Option<String>,
}

/// Calls and leads of a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Calls.
    pub calls: i64,
    /// Of those, completed.
    pub completed: i64,
    /// Talk time, seconds.
    pub total_duration_seconds: i64,
    /// Talk time over every call, rounded; 0 without calls.
    pub avg_duration_seconds: i64,
    /// Leads created.
    pub leads: i64,
    /// Of those, converted.
    pub converted: i64,
    /// `converted` as a percentage of `leads`, two decimals.
    pub conversion_rate: f64,
}

impl Figures {
    fn add(&mut self, c: Counts) {
        self.calls += c.calls;
        self.completed += c.completed;
        self.total_duration_seconds += c.duration;
        self.leads += c.leads;
        self.converted += c.converted;
        self.avg_duration_seconds = avg(self.total_duration_seconds, self.calls);
        self.conversion_rate = percent(self.converted, self.leads);
    }
}

/// One agent's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentFigures {
    /// Agent id.
    pub agent_id: String,
    /// Its name, from the agent list or else from its calls.
    pub name: Option<String>,
    /// Its calls and the leads it took.
    pub figures: Figures,
}

/// One business's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessFigures {
    /// Business id.
    pub business_id: String,
    /// Its name, where known.
    pub name: Option<String>,
    /// Its calls and leads.
    pub figures: Figures,
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    calls: i64,
    completed: i64,
    duration: i64,
    leads: i64,
    converted: i64,
}

/// Agent id → (name, business).
type Directory = BTreeMap<String, (Option<String>, Option<String>)>;

/// Counts grouped by `(business, agent)` as the rows name them.
type Grouped = Vec<(Option<String>, Option<String>, Counts)>;

impl Store {
    /// The totals of a window.
    pub fn window_figures(&self, window: &Window) -> Result<Figures> {
        let mut f = Figures::default();
        for (_, _, c) in self.grouped(window, true)? {
            f.add(c);
        }
        Ok(f)
    }

    /// Every agent of the window's business (all agents without one), busiest first, ties
    /// by id; agents without calls or leads in the window are listed with zeros.
    pub fn agent_figures(&self, window: &Window) -> Result<Vec<AgentFigures>> {
        let agents = self.agent_directory()?;
        let mut rows: BTreeMap<String, AgentFigures> = BTreeMap::new();
        for (id, (name, business)) in &agents {
            if window.business_id.is_none() || window.business_id == *business {
                rows.insert(id.clone(), agent_row(id, name.clone()));
            }
        }
        for (_, agent, c) in self.grouped(window, true)? {
            let Some(agent) = agent else { continue };
            rows.entry(agent.clone())
                .or_insert_with(|| agent_row(&agent, None))
                .figures
                .add(c);
        }
        let mut rows: Vec<AgentFigures> = rows.into_values().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.figures.calls));
        Ok(rows)
    }

    /// Every business in the cache, most calls first, ties by id; a record counts for the
    /// business it names, else for its agent's.
    pub fn business_figures(&self, window: &Window) -> Result<Vec<BusinessFigures>> {
        let agents = self.agent_directory()?;
        let mut rows: BTreeMap<String, BusinessFigures> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM businesses")?;
        let names = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, Option<String>)>>>()?;
        for (id, name) in names {
            rows.insert(id.clone(), business_row(id, name));
        }
        for (business, agent, c) in self.grouped(window, false)? {
            let business = business.or_else(|| {
                agent
                    .as_ref()
                    .and_then(|a| agents.get(a))
                    .and_then(|(_, b)| b.clone())
            });
            let Some(business) = business else { continue };
            rows.entry(business.clone())
                .or_insert_with(|| business_row(business, None))
                .figures
                .add(c);
        }
        let mut rows: Vec<BusinessFigures> = rows.into_values().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.figures.calls));
        Ok(rows)
    }

    fn agent_directory(&self) -> Result<Directory> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, business_id FROM agents")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Calls and leads of the window grouped by the business and agent they name, one
    /// aggregate per table.
    fn grouped(&self, window: &Window, scoped: bool) -> Result<Grouped> {
        let business = if scoped {
            window.business_id.as_ref()
        } else {
            None
        };
        let mut out = Grouped::new();
        let calls = "SELECT business_id, agent_id, count(*), \
                     coalesce(sum(status_norm = 'completed'), 0), coalesce(sum(duration), 0) \
                     FROM calls";
        let leads = "SELECT business_id, agent_id, count(*), \
                     coalesce(sum(status = 'converted'), 0), 0 FROM leads";
        for (i, head) in [calls, leads].into_iter().enumerate() {
            let mut w = Where::default();
            w.add("created_ms >= ?", window.from.timestamp_millis());
            if let Some(to) = window.to {
                w.add("created_ms < ?", to.timestamp_millis());
            }
            w.add_business(true, business);
            let sql = format!("{head}{} GROUP BY business_id, agent_id", w.sql());
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(w.params()), |r| {
                let (n, k, d): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
                let counts = if i == 0 {
                    Counts {
                        calls: n,
                        completed: k,
                        duration: d,
                        ..Counts::default()
                    }
                } else {
                    Counts {
                        leads: n,
                        converted: k,
                        ..Counts::default()
                    }
                };
                Ok((r.get(0)?, r.get(1)?, counts))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }
}

fn agent_row(id: &str, name: Option<String>) -> AgentFigures {
    AgentFigures {
        agent_id: id.to_owned(),
        name,
        figures: Figures::default(),
    }
}

fn business_row(id: String, name: Option<String>) -> BusinessFigures {
    BusinessFigures {
        business_id: id,
        name,
        figures: Figures::default(),
    }
}
