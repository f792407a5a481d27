"""The end-to-end scenarios. Run through tests/e2e/run.sh, which provides Xvfb and D-Bus."""

import argparse
import sys
import traceback

from harness import App

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


@scenario
def opens_in_sandbox_mode(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#app-title")
        app.wait("#sandbox-badge")
        app.screenshot("opens_in_sandbox_mode")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    failed = []
    for fn in SCENARIOS:
        if args.only and fn.__name__ not in args.only:
            continue
        print(f"e2e: {fn.__name__} ...", flush=True)
        try:
            fn(args.app, args.out)
            print(f"e2e: {fn.__name__} ok", flush=True)
        except Exception:
            traceback.print_exc()
            failed.append(fn.__name__)
    if failed:
        print(f"e2e: FAILED: {', '.join(failed)}", flush=True)
        sys.exit(1)
    print("e2e: all scenarios passed", flush=True)


if __name__ == "__main__":
    main()
