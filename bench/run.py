#!/usr/bin/env python3
"""The benchmark suite: builds, runs every part, prints one table and writes JSON.

    bench/run.py                 # release builds, full sizes, several runs (make bench)
    bench/run.py --tiny          # debug builds, tiny sizes, one run: what CI runs
    bench/run.py --only sync,client
    bench/run.py --markdown      # the table as Markdown too (for bench/RESULTS.md)

Every part measures ours and a baseline in the same run and appends its figures to one
report file (bench/README.md has the format); this script judges them all the same way:
medians, ratio, budget. A missed budget is shown as "miss", never an exit status: timings
are not pass/fail tests. The exit status is non-zero only when a part fails to run or a
part reports none of its figures, so CI (`--tiny`) catches a suite that rotted.

Builds go to $CARGO_TARGET_DIR (else ./target); results to <target>/bench/results.json.
"""

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")


def cargo_bench(package, bench, profile):
    cmd = ["cargo", "bench", "-p", package, "--bench", bench]
    if profile == "debug":
        cmd[2:2] = ["--profile", "dev"]
    return cmd


def parts(profile, out):
    """Each part: its name, the figure ids it must report, how to build it, how to run it."""
    binary = lambda name: os.path.join(TARGET, profile, name)  # noqa: E731
    example = lambda name: os.path.join(TARGET, profile, "examples", name)  # noqa: E731
    release = [] if profile == "debug" else ["--release"]
    return [
        {
            "name": "sync",
            "figures": ["sync.reference_limits", "sync.first_screen", "sync.limits_off",
                        "sync.limits_off_paging"],
            "build": [],
            "run": cargo_bench("kaicalls-core", "sync_bench", profile),
        },
        {
            "name": "webhooks",
            "figures": ["webhooks.rate", "webhooks.p99"],
            "build": [],
            "run": cargo_bench("kaicalls-webhooks", "receiver_bench", profile),
        },
        {
            "name": "search",
            "figures": [f"search.{p}.{c}" for p in ("p99", "p50") for c in ("a", "th", "ca", "rare")],
            "build": [],
            "run": cargo_bench("kaicalls-core", "search_bench", profile),
        },
        {
            "name": "app",
            "figures": ["startup.ready", "memory.rss", "size.binary", "size.js",
                        "ui.scroll_p95", "ui.open_detail"],
            # One cargo command, so the blank window links the same tauri (features unified).
            "build": [
                ["npm", "--prefix", "ui", "run", "build"],
                ["cargo", "build", *release, "-p", "kaicalls-desktop", "-p", "kaicalls-bench-blank",
                 "-p", "kaicalls-sandbox", "--bin", "kaicalls-desktop", "--bin",
                 "kaicalls-bench-blank", "--bin", "kaicalls-sandbox"],
            ],
            "run": [sys.executable, "bench/app/run_app_benches.py",
                    "--app", binary("kaicalls-desktop"),
                    "--blank", binary("kaicalls-bench-blank"),
                    "--sandbox", binary("kaicalls-sandbox"),
                    "--out", os.path.join(out, "app")],
        },
        {
            "name": "client",
            "figures": ["client.leads"],
            "build": [
                ["cargo", "build", *release, "-p", "kaicalls-sandbox", "--bin",
                 "kaicalls-sandbox", "-p", "kaicalls-api", "--example", "page_leads"],
            ],
            "run": [sys.executable, "bench/client/run.py",
                    "--sandbox", binary("kaicalls-sandbox"),
                    "--pager", example("page_leads"),
                    "--venv", os.path.join(out, "sdk-venv")],
        },
    ]


def run(cmd, env, log):
    print(f"$ {shlex.join(cmd)}", flush=True)
    started = time.monotonic()
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"\n$ {shlex.join(cmd)}\n")
        f.flush()
        # Output goes to the terminal and the log: a part's own lines explain its figures.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        for line in proc.stdout:
            f.write(line)
            if line.startswith("[bench]") or line.startswith("error") or "panicked" in line:
                print("  " + line.rstrip(), flush=True)
        code = proc.wait()
    return code, time.monotonic() - started


def judge(fig):
    ours = statistics.median(fig["ours"]) if fig["ours"] else None
    base = statistics.median(fig["baseline"]) if fig.get("baseline") else None
    budget = fig["budget"]
    kind, value = budget["kind"], budget.get("value")
    ratio = ours / base if ours is not None and base else None
    verdict = {
        "ratio_at_most": lambda: ratio is not None and ratio <= value,
        "ratio_at_least": lambda: ratio is not None and ratio >= value,
        "more_at_most": lambda: ours is not None and base is not None and ours - base <= value,
        "at_most": lambda: ours is not None and ours <= value,
        "shown": lambda: None,
    }[kind]()
    text = {
        "ratio_at_most": f"≤ {value}×",
        "ratio_at_least": f"≥ {value}×",
        "more_at_most": f"≤ +{value} {fig['unit']}",
        "at_most": f"≤ {value} {fig['unit']}",
        "shown": "—",
    }[kind]
    return {**fig, "ours_median": ours, "baseline_median": base, "ratio": ratio,
            "budget_text": text, "pass": verdict}


def fmt(x):
    if x is None:
        return "—"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}" if abs(x) >= 1 else f"{x:.3f}"


def table(rows, markdown, tiny=False):
    head = ["figure", "ours", "baseline", "ratio", "budget", "result"]
    lines = []
    for r in rows:
        # Tiny sizes on debug builds say nothing about a budget: shown, never judged.
        result = "tiny" if tiny else {True: "pass", False: "MISS", None: "shown"}[r["pass"]]
        lines.append([
            f"{r['title']} ({r['id']})",
            f"{fmt(r['ours_median'])} {r['unit']}",
            f"{fmt(r['baseline_median'])} {r['unit']} ({r['baseline_label']})"
            if r["baseline_median"] is not None else "—",
            f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—",
            r["budget_text"],
            result,
        ])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(head)]
    fmt_line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([fmt_line(head), fmt_line(["-" * w for w in widths])]
                     + [fmt_line(line) for line in lines])


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"os": platform.platform(), "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "load_before": os.getloadavg()[0]}


def main():
    parser = argparse.ArgumentParser(description="KaiCalls Desktop benchmarks")
    parser.add_argument("--tiny", action="store_true",
                        help="debug builds, tiny sizes, one run (CI)")
    parser.add_argument("--only", help="comma-separated part names")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table too")
    parser.add_argument("--no-build", action="store_true", help="use what is built")
    args = parser.parse_args()

    profile = "debug" if args.tiny else "release"
    out = os.path.join(TARGET, "bench")
    os.makedirs(out, exist_ok=True)
    report_file = os.path.join(out, "report.jsonl")
    log = os.path.join(out, "bench.log")
    for path in (report_file, log):
        if os.path.exists(path):
            os.remove(path)
    env = dict(os.environ, KAICALLS_BENCH_REPORT=report_file)
    if args.tiny:
        env["KAICALLS_BENCH_TINY"] = "1"
    all_parts = parts(profile, out)
    chosen = all_parts
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {p["name"] for p in all_parts}
        if unknown:
            sys.exit(f"bench: no part named {', '.join(sorted(unknown))}")
        chosen = [p for p in all_parts if p["name"] in names]

    about = machine()
    failures = []
    seconds = {}
    for part in chosen:
        print(f"== {part['name']}", flush=True)
        steps = ([] if args.no_build else part["build"]) + [part["run"]]
        for cmd in steps:
            code, took = run(cmd, env, log)
            seconds[part["name"]] = seconds.get(part["name"], 0) + took
            if code != 0:
                failures.append(f"{part['name']}: `{shlex.join(cmd)}` exited {code} (see {log})")
                break

    figures = []
    if os.path.exists(report_file):
        with open(report_file, encoding="utf-8") as f:
            figures = [json.loads(line) for line in f if line.strip()]
    reported = {f["id"] for f in figures}
    for part in chosen:
        missing = [i for i in part["figures"] if i not in reported]
        if missing:
            failures.append(f"{part['name']}: reported no {', '.join(missing)}")

    rows = [judge(f) for f in figures]
    print()
    print(table(rows, markdown=False, tiny=args.tiny))
    if args.markdown:
        print()
        print(table(rows, markdown=True, tiny=args.tiny))
    results = {"machine": about, "profile": profile, "tiny": args.tiny,
               "part_seconds": seconds, "figures": rows, "failures": failures}
    with open(os.path.join(out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    print(f"\nresults: {os.path.join(out, 'results.json')}")
    if failures:
        print("\nbench: these parts did not run to the end:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
