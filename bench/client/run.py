"""Client: paging all leads through kaicalls-api vs the official KaiCalls Python SDK.

    python3 bench/client/run.py --sandbox BIN --pager BIN --venv DIR

BIN: the standalone sandbox (`cargo build --release -p kaicalls-sandbox`) and our pager
(`cargo build --release -p kaicalls-api --example page_leads`). DIR: a virtualenv for the
SDK, made and filled (`pip install kaicalls==0.1.0`) when it does not have it yet.

One sandbox with 10,000 leads (300 with KAICALLS_BENCH_TINY=1) and its rate limits off, so
the figure is the clients' own cost plus the same server. Each round runs both pagers, in
alternating order, each timing one full paging inside its process after one warm-up
paging (interpreter and binary start-up are not counted). Budget: ours ≤ 0.5 × the SDK's.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import report  # noqa: E402

SDK = "kaicalls==0.1.0"


def sdk_python(venv):
    python = os.path.join(venv, "bin", "python")
    has_sdk = os.path.exists(python) and (
        subprocess.run([python, "-c", "import kaicalls"], capture_output=True).returncode == 0
    )
    if not has_sdk:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", SDK],
            check=True,
        )
    return python


def start_sandbox(binary, leads):
    proc = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--scale", f"calls=10,leads={leads}",
         "--rate-limit-multiplier", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise SystemExit("client bench: the sandbox did not start (no first line)")
    return proc, json.loads(line)


def timed(cmd, env):
    """Runs a pager for a warm-up and one measured paging; returns (seconds, leads)."""
    out = subprocess.run(cmd + ["2"], env=env, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"client bench: {cmd[0]} failed:\n{out.stderr[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"][-1], result["leads"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--pager", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    leads = 300 if report.tiny() else 10_000
    rounds = args.rounds or (1 if report.tiny() else 5)
    python = sdk_python(args.venv)
    here = os.path.dirname(os.path.abspath(__file__))
    proc, sandbox = start_sandbox(args.sandbox, leads)
    try:
        env = dict(os.environ, KAICALLS_BENCH_KEY=sandbox["api_key"])
        ours_cmd = [args.pager, sandbox["base_url"]]
        sdk_cmd = [python, os.path.join(here, "sdk_page_leads.py"), sandbox["base_url"]]
        ours, sdk = [], []
        for round_no in range(rounds):
            pair = [(ours_cmd, ours), (sdk_cmd, sdk)]
            for cmd, samples in pair if round_no % 2 == 0 else reversed(pair):
                seconds, count = timed(cmd, env)
                if count != leads:
                    raise SystemExit(f"client bench: {cmd[0]} paged {count} of {leads} leads")
                samples.append(seconds * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    report.figure(
        "client.leads",
        f"Page all {leads:,} leads: kaicalls-api vs the Python SDK",
        "ms",
        ours,
        "kaicalls Python SDK 0.1.0",
        sdk,
        ("ratio_at_most", 0.5),
        "python3 bench/client/run.py --sandbox BIN --pager BIN --venv DIR",
    )


if __name__ == "__main__":
    main()
