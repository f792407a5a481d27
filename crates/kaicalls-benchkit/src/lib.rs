//! One JSON line per benchmark figure, for the bench runner (`bench/run.py`).
//!
//! Each bench measures ours and a baseline in the same run on the same machine, and only
//! the ratio (or difference) between the two is judged: absolute numbers swing with the
//! machine. The bench reports raw samples; the runner takes medians and decides, so every
//! figure is judged one way.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The variable naming the file figures are appended to.
pub const REPORT_ENV: &str = "KAICALLS_BENCH_REPORT";

/// The variable the runner sets (to `1`) for the smallest sizes and one round: CI's run,
/// which only checks that every part still runs and reports.
pub const TINY_ENV: &str = "KAICALLS_BENCH_TINY";

/// True when the runner asks for tiny sizes ([`TINY_ENV`]).
pub fn tiny() -> bool {
    std::env::var_os(TINY_ENV).is_some_and(|v| v == "1")
}

/// What a figure must meet. Ratios are ours ÷ baseline, of the medians.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Budget {
    /// ours ÷ baseline ≤ value (times, sizes).
    RatioAtMost(f64),
    /// ours ÷ baseline ≥ value (throughput).
    RatioAtLeast(f64),
    /// ours − baseline ≤ value, in the figure's unit (memory, size).
    MoreAtMost(f64),
    /// ours ≤ value, in the figure's unit; the baseline, if any, is shown for scale.
    AtMost(f64),
    /// Not judged: shown beside the figures that are (a p50 beside its p99, say).
    Shown,
}

/// One measured figure: ours and its baseline, each as the samples of several runs.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Stable id, `area.name` (e.g. `sync.limits_off`).
    pub id: String,
    /// What a reader sees in the table.
    pub title: String,
    /// Unit of the samples (`ms`, `s`, `MB`, `req/s`, …).
    pub unit: String,
    /// Our samples, one per run.
    pub ours: Vec<f64>,
    /// The baseline's samples from the same run, when there is one.
    pub baseline: Option<Vec<f64>>,
    /// What the baseline is (`plain hyper handler`, `LIKE scan`, …).
    pub baseline_label: String,
    /// What the figure must meet.
    pub budget: Budget,
    /// The command that measures this figure alone.
    pub reproduce: String,
}

impl Figure {
    /// A figure with a baseline.
    pub fn new(
        id: &str,
        title: &str,
        unit: &str,
        ours: Vec<f64>,
        baseline: (&str, Vec<f64>),
        budget: Budget,
    ) -> Figure {
        Figure {
            id: id.into(),
            title: title.into(),
            unit: unit.into(),
            ours,
            baseline: Some(baseline.1),
            baseline_label: baseline.0.into(),
            budget,
            reproduce: String::new(),
        }
    }

    /// How to measure this figure alone.
    pub fn reproduce(mut self, command: &str) -> Figure {
        self.reproduce = command.into();
        self
    }

    /// Prints the figure and, when [`REPORT_ENV`] names a file, appends it there.
    /// A bench cannot do without its report, so a failed write is an error to return.
    pub fn report(&self) -> std::io::Result<()> {
        let median = |s: &[f64]| median(s).map_or("-".to_string(), |m| format!("{m:.3}"));
        println!(
            "[bench] {:<28} ours {} {} | {} {}",
            self.id,
            median(&self.ours),
            self.unit,
            self.baseline_label,
            self.baseline.as_deref().map_or("-".into(), median),
        );
        let Some(path) = std::env::var_os(REPORT_ENV).map(PathBuf::from) else {
            return Ok(());
        };
        self.append_to(&path)
    }

    /// Appends the figure to `path` as one JSON line.
    pub fn append_to(&self, path: &Path) -> std::io::Result<()> {
        let line = serde_json::to_string(self).map_err(std::io::Error::other)?;
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        writeln!(file, "{line}")
    }
}

/// The median of `samples` (the mean of the middle two for an even count), or `None` when
/// there are none or one is not a number.
pub fn median(samples: &[f64]) -> Option<f64> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

/// The `p`-th percentile (0–1) of `samples`, nearest rank.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (p.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.saturating_sub(1).min(sorted.len() - 1)])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, f64::NAN]), None);
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 0.99), Some(99.0));
        assert_eq!(percentile(&hundred, 0.5), Some(50.0));
        assert_eq!(percentile(&hundred, 1.0), Some(100.0));
        assert_eq!(percentile(&[7.0], 0.99), Some(7.0));
    }

    #[test]
    fn a_figure_is_one_json_line_the_runner_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.jsonl");
        let figure = Figure::new(
            "webhooks.rate",
            "Verified webhooks per second",
            "req/s",
            vec![900.0, 1000.0],
            ("plain hyper handler", vec![1100.0]),
            Budget::RatioAtLeast(0.85),
        )
        .reproduce("cargo bench -p kaicalls-webhooks --bench receiver_bench");
        figure.append_to(&path).unwrap();
        figure.append_to(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(v["id"], "webhooks.rate");
        assert_eq!(v["budget"]["kind"], "ratio_at_least");
        assert_eq!(v["budget"]["value"], 0.85);
        assert_eq!(v["baseline"][0], 1100.0);
        assert_eq!(
            v["reproduce"],
            "cargo bench -p kaicalls-webhooks --bench receiver_bench"
        );
    }
}
