"""One JSON line per benchmark figure, as crates/kaicalls-benchkit writes it from Rust.

The Python parts of the suite (start-up, memory, size, the UI in the webview, the client
against the official SDK) report through this, so the runner reads one format.
"""

import json
import os
import statistics

REPORT_ENV = "KAICALLS_BENCH_REPORT"


def tiny():
    """True when the runner asks for the smallest sizes (CI checks the suite still runs)."""
    return os.environ.get("KAICALLS_BENCH_TINY") == "1"


def figure(id, title, unit, ours, baseline_label, baseline, budget, reproduce):
    """Prints the figure and appends it to $KAICALLS_BENCH_REPORT when set.

    budget: ("ratio_at_most" | "ratio_at_least" | "more_at_most" | "at_most", value) or
    ("shown", None). ours/baseline: lists of samples (baseline may be None).
    """
    kind, value = budget
    line = {
        "id": id,
        "title": title,
        "unit": unit,
        "ours": [float(x) for x in ours],
        "baseline": None if baseline is None else [float(x) for x in baseline],
        "baseline_label": baseline_label,
        "budget": {"kind": kind} if kind == "shown" else {"kind": kind, "value": value},
        "reproduce": reproduce,
    }
    med = statistics.median(ours) if ours else float("nan")
    base = statistics.median(baseline) if baseline else float("nan")
    print(f"[bench] {id:<28} ours {med:.3f} {unit} | {baseline_label} {base:.3f}", flush=True)
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
