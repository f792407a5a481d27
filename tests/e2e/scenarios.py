"""Runs the E2E scenarios (tests/e2e/run.sh): each against the real app window under
Xvfb through tauri-driver. The scenarios live in scenarios_*.py by area; the steps they
share in steps.py. This module re-exports the steps for scripts that drive the app the
same way (screenshot galleries)."""

import argparse
import signal
import sys
import time
import traceback

import scenarios_app  # noqa: F401 - registers its scenarios
import scenarios_calls  # noqa: F401
import scenarios_insights  # noqa: F401
from steps import SCENARIOS, go_offline, nav, review_dial, synced  # noqa: F401 - for galleries

# The longest one scenario may take (they take 5 to 40 s here): one that hangs fails alone,
# with a traceback of where it stood, and the run goes on to the next.
SCENARIO_TIMEOUT_SECS = 300


class ScenarioTimeout(Exception):
    pass


def _overran(signum, frame):
    raise ScenarioTimeout(f"the scenario ran past {SCENARIO_TIMEOUT_SECS} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _overran)
    failed = []
    for fn in SCENARIOS:
        if args.only and fn.__name__ not in args.only:
            continue
        print(f"e2e: {fn.__name__} ...", flush=True)
        started = time.monotonic()
        signal.alarm(SCENARIO_TIMEOUT_SECS)
        try:
            fn(args.app, args.out)
            print(f"e2e: {fn.__name__} ok ({time.monotonic() - started:.0f} s)", flush=True)
        except Exception:
            traceback.print_exc()
            print(f"e2e: {fn.__name__} FAILED ({time.monotonic() - started:.0f} s)", flush=True)
            failed.append(fn.__name__)
        finally:
            signal.alarm(0)
    if failed:
        print(f"e2e: FAILED: {', '.join(failed)}", flush=True)
        sys.exit(1)
    print("e2e: all scenarios passed", flush=True)


if __name__ == "__main__":
    main()
