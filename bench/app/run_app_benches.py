#!/usr/bin/env python3
"""The app's own figures: start-up, memory, size and the UI in the real webview, each
against a blank Tauri window (bench/blank-app) measured in the same run.

    python3 bench/app/run_app_benches.py --app BIN --blank BIN --sandbox BIN [--out DIR]

BIN: the app (`npm --prefix ui run build && cargo build --release -p kaicalls-desktop
-p kaicalls-bench-blank`: one command, so the blank app is built from the same tauri
artefacts), the blank window (`kaicalls-bench-blank`, same target folder) and the standalone
sandbox (`cargo build --release -p kaicalls-sandbox --bin kaicalls-sandbox`). Debug builds
work the same (CI's tiny run). It starts its own Xvfb, private D-Bus session and throwaway
keyring (scripts/with-keyring, as the E2E tests), so it runs alone from a plain shell;
`--only startup,memory,size,ui` picks parts. Figures go through bench/report.py
($KAICALLS_BENCH_REPORT). With KAICALLS_BENCH_TINY=1: 300 calls and one run of each.

Once per run it prepares a data folder: the app signs in (through its window, as a user
does) to a standalone sandbox with 10,000 calls and 5,000 leads, limits off, and syncs them
all; then the sandbox is stopped. Every measured start is of that folder, offline, so the
first dashboard is counted from the offline copy: what `startup.ready` times is the app's
own work, not a server's.

- startup.ready: spawn of the process to its ready mark (src-tauri/ready.rs: the UI says
  the first dashboard with data is painted; the blank window's page says it is painted),
  wall clock, app and blank alternating, warm (each keeps its webview folders across runs).
- memory.rss: the summed RSS of the process and every descendant (WebKitWebProcess,
  WebKitNetworkProcess) after the ready mark and a settle delay. PSS is printed too.
- size.binary: the two binaries' sizes; size.js: ui/dist's JavaScript gzipped (level 9)
  against the blank page's.
- ui.scroll_p95: through tauri-driver, the calls list filled to all its rows, then scrolled
  top to bottom by a script (one step per animation frame); p95 of the frame-to-frame
  times (requestAnimationFrame deltas). The baseline is the same page's idle frame clock:
  under Xvfb WebKit's frames come from a timer (about 60 Hz), so no frame can be shorter
  than one tick. The work per frame (scroll event to laid-out rows) is printed too.
- ui.open_detail: click a row to its detail painted (MutationObserver sees the detail's
  status, then a frame and the task after it), measured in the page; several rows.

Each failure (a timeout, an app that dies) is said plainly and the exit status is 1.
"""

import argparse
import contextlib
import gzip
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import report  # noqa: E402

INNER = "KAICALLS_BENCH_APP_INNER"
REPRODUCE = "python3 bench/app/run_app_benches.py --app BIN --blank BIN --sandbox BIN --only "


class BenchError(Exception):
    """A part could not run: said in one line, exit status 1."""


def tiny():
    return report.tiny()


# ---------------------------------------------------------------- starting a window


def window_env(folder, ready_file=None):
    """The environment of one window over `folder` (as tests/e2e/harness.py sets it)."""
    env = dict(os.environ)
    env.update(
        {
            "KAICALLS_DATA_DIR": os.path.join(folder, "data"),
            "XDG_DATA_HOME": os.path.join(folder, "xdg-data"),
            "XDG_CACHE_HOME": os.path.join(folder, "xdg-cache"),
            "XDG_CONFIG_HOME": os.path.join(folder, "xdg-config"),
            "NO_AT_BRIDGE": "1",
            "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
        }
    )
    env.pop("KAICALLS_SANDBOX", None)
    if ready_file:
        env["KAICALLS_BENCH_READY_FILE"] = ready_file
    return env


def descendants(pid):
    """pid and every process below it (from /proc's parent links)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def memory_of(pid):
    """(RSS MB, PSS MB, {name: "RSS MB (anon A, file F)"}) summed over the process tree:
    anonymous memory is heaps and caches, file-backed is mostly code and mapped files."""
    rss = pss = 0
    names = {}
    for p in descendants(pid):
        with contextlib.suppress(OSError, ValueError):
            with open(f"/proc/{p}/status", encoding="utf-8") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            kb = lambda key: int(status.get(key, "0 kB").split()[0])  # noqa: E731
            rss += kb("VmRSS")
            name = status["Name"].strip()
            was = names.get(name, (0, 0, 0))
            names[name] = (was[0] + kb("VmRSS") / 1024, was[1] + kb("RssAnon") / 1024, was[2] + kb("RssFile") / 1024)
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
    return rss / 1024, pss / 1024, names


def start_window(binary, folder, timeout, settle=None):
    """Spawns `binary` over `folder` and waits for its ready mark. Returns (ms from spawn
    to the mark, the mark, memory after `settle` seconds or None)."""
    ready = os.path.join(folder, "ready.json")
    with contextlib.suppress(FileNotFoundError):
        os.remove(ready)
    log = open(os.path.join(folder, "window.log"), "ab")
    spawned = time.time()
    proc = subprocess.Popen([binary], env=window_env(folder, ready), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        mark = None
        while mark is None:
            if proc.poll() is not None:
                raise BenchError(f"{binary} exited ({proc.returncode}) before its ready mark; see {log.name}")
            if time.monotonic() > deadline:
                raise BenchError(f"{binary} wrote no ready mark within {timeout} s; see {log.name}")
            with contextlib.suppress(FileNotFoundError, ValueError):
                with open(ready, encoding="utf-8") as f:
                    mark = json.loads(f.read())
            if mark is None:
                time.sleep(0.002)
        took = mark["unix_ms"] - spawned * 1000
        memory = None
        if settle is not None:
            time.sleep(settle)
            memory = memory_of(proc.pid)
        return took, mark, memory
    finally:
        stop(proc)
        log.close()


def stop(proc):
    """Ends the window and everything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    # WebKit's helpers leave with their parent; wait until the group is gone.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


# ---------------------------------------------------------------- the prepared data folder


def prepare(app_binary, sandbox_binary, folder, calls, out):
    """Signs the app in to a sandbox with `calls` calls and lets it sync them all; the
    sandbox is stopped afterwards, so the folder is an offline copy."""
    from harness import App  # selenium: only needed here and in the UI part

    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    server = subprocess.Popen(
        [sandbox_binary, "--listen", "127.0.0.1:0", "--scale", f"calls={calls},leads={calls // 2}",
         "--rate-limit-multiplier", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = server.stdout.readline()
        if not line:
            raise BenchError(f"the sandbox ({sandbox_binary}) did not start")
        info = json.loads(line)
        env = {k: v for k, v in window_env(folder).items() if k.startswith(("KAICALLS_", "XDG_"))}
        started = time.monotonic()
        with App(app_binary, out, env=env) as app:
            from selenium.webdriver.common.by import By

            app.wait("#signin-key", timeout=120).send_keys(info["api_key"])
            app.driver.find_element(By.XPATH, "//button[normalize-space()='Use another API address…']").click()
            app.wait("#signin-base-url").send_keys(info["base_url"])
            app.wait("#signin-submit").click()
            wait_synced(folder, calls, timeout=1200 if not tiny() else 300)
            # Leads and transcripts too: the first pass is over when the indicator rests.
            app.wait('#sync-indicator[data-phase="online"]', timeout=600)
            print(f"[app] prepared {calls} calls in {time.monotonic() - started:.1f} s", flush=True)
            app.driver.quit()
            app.driver = None
        time.sleep(1)
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)


def cache_file(folder):
    caches = os.path.join(folder, "data", "cache")
    names = sorted(n for n in os.listdir(caches) if n.endswith(".sqlite3")) if os.path.isdir(caches) else []
    return os.path.join(caches, names[0]) if names else None


def cached_calls(folder):
    path = cache_file(folder)
    if not path:
        return 0
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM calls").fetchone()[0]
        finally:
            db.close()
    return 0


def wait_synced(folder, calls, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cached_calls(folder) >= calls:
            return
        time.sleep(0.5)
    raise BenchError(f"the app cached {cached_calls(folder)} of {calls} calls within {timeout} s")


# ---------------------------------------------------------------- the parts


# The app's start-up split by the page's marks (src-tauri/ready.rs `PageMarks`, milliseconds
# since the page's navigation began): each step ends at its mark.
STEPS = [
    ("script_ms", "page loaded and its main chunk run"),
    ("info_ms", "app info answered"),
    ("request_ms", "shell drawn, first figures asked"),
    ("answered_ms", "figures counted from the offline copy"),
    ("painted_ms", "dashboard and charts painted"),
]


def split_of(took, mark):
    """[(step, ms)] of one app start: to `main`, to the page's start, then each page step;
    None when the mark carries no page marks (the blank window's)."""
    page = mark.get("page") or {}
    if any(page.get(key) is None for key, _ in STEPS):
        return None
    to_main = took - mark["since_start_ms"]
    # The ready mark is written right after the painted mark (one IPC call later).
    to_page = mark["since_start_ms"] - page["painted_ms"]
    steps = [("spawn to main()", to_main), ("main() to the page's start (Tauri, webview)", to_page)]
    before = 0.0
    for key, label in STEPS:
        steps.append((label, page[key] - before))
        before = page[key]
    return steps


def print_split(splits):
    if not splits:
        return
    print(f"[app] where the app's start-up goes (median of {len(splits)} starts):", flush=True)
    for i, (label, _) in enumerate(splits[0]):
        print(f"[app]   {statistics.median(s[i][1] for s in splits):7.1f} ms  {label}", flush=True)


def part_startup_memory(args, prepared, parts):
    runs = 1 if tiny() else args.runs
    timeout = 120 if tiny() else 60
    settle = 1.0 if tiny() else args.settle
    blank = os.path.join(args.work, "blank")
    os.makedirs(blank, exist_ok=True)
    # One start of each first, not counted: the first start makes the webview's folders.
    start_window(args.blank, blank, timeout)
    start_window(args.app, prepared, timeout)
    ours_ms, base_ms, ours_mb, base_mb, splits = [], [], [], [], []
    for i in range(runs):
        order = [("blank", args.blank, blank), ("app", args.app, prepared)]
        if i % 2:
            order.reverse()
        for name, binary, folder in order:
            took, mark, memory = start_window(binary, folder, timeout, settle if "memory" in parts else None)
            line = f"[app] {name:<5} ready {took:7.1f} ms (since main {mark['since_start_ms']:.1f} ms)"
            if memory:
                rss, pss, names = memory
                line += f", RSS {rss:.1f} MB, PSS {pss:.1f} MB: " + ", ".join(
                    f"{k} {v[0]:.1f} (anon {v[1]:.1f}, file {v[2]:.1f})" for k, v in sorted(names.items()))
            print(line, flush=True)
            (ours_ms if name == "app" else base_ms).append(took)
            if name == "app" and (split := split_of(took, mark)):
                splits.append(split)
            if memory:
                (ours_mb if name == "app" else base_mb).append(memory[0])
    print_split(splits)
    calls = args.calls
    if "startup" in parts:
        report.figure("startup.ready", f"Start-up to the first dashboard ({calls} calls cached, offline)", "ms",
                      ours_ms, "blank Tauri window", base_ms, ("ratio_at_most", 1.3), REPRODUCE + "startup")
    if "memory" in parts:
        report.figure("memory.rss", f"RSS with WebKit processes ({calls} calls cached)", "MB", ours_mb,
                      "blank Tauri window", base_mb, ("more_at_most", 60), REPRODUCE + "memory")


def gzipped_js(folder):
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith((".js", ".mjs")):
                with open(os.path.join(dirpath, name), "rb") as f:
                    total += len(gzip.compress(f.read(), 9))
    return total / 1024


def part_size(args):
    mb = lambda path: os.path.getsize(path) / (1024 * 1024)  # noqa: E731
    report.figure("size.binary", "Binary size", "MB", [mb(args.app)], "blank Tauri app", [mb(args.blank)],
                  ("more_at_most", 15), REPRODUCE + "size")
    if not os.path.isdir(args.dist):
        raise BenchError(f"{args.dist} is missing: npm --prefix ui run build")
    report.figure("size.js", "UI JavaScript, gzipped", "KB", [gzipped_js(args.dist)], "blank Tauri app",
                  [gzipped_js(args.blank_dist)], ("at_most", 400), REPRODUCE + "size")


SCROLL_JS = """
const [step, done] = [arguments[0], arguments[arguments.length - 1]];
const pane = document.querySelector('#calls-list').closest('.list-pane');
const frames = (n) => new Promise((resolve) => {
  const ts = [];
  const tick = (t) => { ts.push(t); if (ts.length > n) resolve(ts); else requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const deltas = (ts) => ts.slice(1).map((t, i) => t - ts[i]);
(async () => {
  pane.scrollTop = 0;
  const idle = deltas(await frames(120));
  const work = [];
  let scrolledAt = null;
  const onScroll = () => { scrolledAt = performance.now(); };
  window.addEventListener('scroll', onScroll, { capture: true, passive: true });
  const ts = [];
  await new Promise((resolve) => {
    const tick = (t) => {
      ts.push(t);
      if (scrolledAt !== null) {
        pane.querySelector('[data-index]')?.getBoundingClientRect();  // lays out the new rows
        work.push(performance.now() - scrolledAt);
        scrolledAt = null;
      }
      if (pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 1) { resolve(); return; }
      pane.scrollTop += step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  window.removeEventListener('scroll', onScroll, { capture: true });
  done({ idle, frames: deltas(ts), work, rows: pane.querySelectorAll('[data-index]').length,
         height: pane.scrollHeight });
})().catch((e) => done({ error: String(e) }));
"""

FILL_JS = """
const done = arguments[arguments.length - 1];
const pane = document.querySelector('#calls-list').closest('.list-pane');
pane.scrollTop = pane.scrollHeight;
setTimeout(() => done({ height: pane.scrollHeight,
  more: !!document.querySelector('#calls-load-more') }), 50);
"""

OPEN_JS = """
const [index, done] = [arguments[0], arguments[arguments.length - 1]];
const row = document.querySelector(`#calls-list [data-index="${index}"]`);
if (!row) { done({ error: 'no row ' + index }); return; }
const id = row.getAttribute('data-call-id');
const sel = `article[data-call-id="${id}"] #call-status`;
const painted = (t0) => requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - t0, id }), 0));
const t0 = performance.now();
const seen = new MutationObserver(() => {
  if (document.querySelector(sel)) { seen.disconnect(); painted(t0); }
});
seen.observe(document.body, { childList: true, subtree: true });
row.click();
if (document.querySelector(sel)) { seen.disconnect(); painted(t0); }
"""


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def part_ui(args, prepared, parts):
    from harness import App
    from selenium.webdriver.support.ui import WebDriverWait

    # A copy: the webview under WebDriver must not change the folder the starts measure.
    folder = os.path.join(args.work, "ui")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(prepared, folder)
    env = {k: v for k, v in window_env(folder).items() if k.startswith(("KAICALLS_", "XDG_"))}
    with App(args.app, args.out, env=env) as app:
        app.driver.set_script_timeout(300)
        app.wait("#dashboard-title", timeout=120)
        app.wait("#stat-calls", timeout=120)
        time.sleep(1)
        shot = app.screenshot("app-ready-dashboard")
        print(f"[app] screenshot at the ready point: {shot}", flush=True)
        app.wait("#nav-calls").click()
        app.wait("#calls-list [data-call-id]", timeout=60)
        # Every row loaded: the list reads 50 a page as its end comes into view.
        deadline = time.monotonic() + (600 if not tiny() else 120)
        rows = 0
        while True:
            state = app.driver.execute_async_script(FILL_JS)
            rows = round(state["height"] / 1)  # for the message only
            if not state["more"]:
                break
            if time.monotonic() > deadline:
                raise BenchError("the calls list did not load all its rows in time")
        WebDriverWait(app.driver, 30).until(lambda d: not d.find_elements("css selector", "#calls-load-more"))
        if "ui.scroll" in parts:
            frames, work, idle = [], [], []
            for _ in range(1 if tiny() else 3):
                got = app.driver.execute_async_script(SCROLL_JS, 400 if tiny() else 2000)
                if "error" in got:
                    raise BenchError(f"the scroll script failed: {got['error']}")
                frames += got["frames"]
                work += got["work"]
                idle += got["idle"]
            print(f"[app] scroll: {len(frames)} frames over {got['height']} px ({got['rows']} rows in the DOM); "
                  f"frame clock (idle) median {statistics.median(idle):.2f} ms; frame p50 "
                  f"{percentile(frames, 50):.2f}, p95 {percentile(frames, 95):.2f}, max {max(frames):.2f} ms; "
                  f"work p95 {percentile(work, 95):.2f} ms", flush=True)
            report.figure("ui.scroll_p95", f"Scrolling the {args.calls}-row calls list, frame time p95", "ms",
                          [percentile(frames, 95)], "idle frame clock, same page", [percentile(idle, 95)],
                          ("at_most", 16), REPRODUCE + "ui")
        if "ui.open" in parts:
            app.driver.execute_script(
                "document.querySelector('#calls-list').closest('.list-pane').scrollTop = 0")
            time.sleep(0.5)
            samples = []
            for i in range(3 if tiny() else 10):
                got = app.driver.execute_async_script(OPEN_JS, i % 8)
                if "error" in got:
                    raise BenchError(f"opening a call failed: {got['error']}")
                samples.append(got["ms"])
                time.sleep(0.3)
            print("[app] open detail: " + ", ".join(f"{s:.1f}" for s in samples) + " ms", flush=True)
            report.figure("ui.open_detail", "Opening a call's detail from the list", "ms", samples,
                          None, None, ("at_most", 50), REPRODUCE + "ui")


# ---------------------------------------------------------------- the driver


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", required=True, help="the app binary (kaicalls-desktop)")
    parser.add_argument("--blank", required=True, help="the blank window (kaicalls-bench-blank)")
    parser.add_argument("--sandbox", required=True, help="the standalone sandbox (kaicalls-sandbox)")
    parser.add_argument("--out", default=None, help="logs and the screenshot (default: a temp folder)")
    parser.add_argument("--only", default="startup,memory,size,ui")
    parser.add_argument("--runs", type=int, default=7, help="starts of each window (tiny: 1)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after the mark before RSS")
    parser.add_argument("--calls", type=int, default=None, help="calls cached (10000; tiny: 300)")
    parser.add_argument("--dist", default=os.path.join(ROOT, "ui", "dist"))
    parser.add_argument("--blank-dist", default=os.path.join(ROOT, "bench", "blank-app", "page"))
    args = parser.parse_args()
    if args.calls is None:
        args.calls = 300 if tiny() else 10000
    for name in ("app", "blank", "sandbox"):
        path = getattr(args, name)
        if not os.access(path, os.X_OK):
            sys.exit(f"app bench: --{name} {path} is not an executable file: build it first")
        setattr(args, name, os.path.abspath(path))
    parts = set(args.only.split(","))
    if "ui" in parts:
        parts |= {"ui.scroll", "ui.open"}

    if os.environ.get(INNER) != "1":
        # Its own X display, D-Bus session and unlocked throwaway keyring, as the E2E run.
        cmd = [os.path.join(ROOT, "scripts", "with-keyring"), "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
               sys.executable, os.path.abspath(__file__), *sys.argv[1:]]
        try:
            code = subprocess.run(cmd, env=dict(os.environ, **{INNER: "1"}), timeout=3600).returncode
        except subprocess.TimeoutExpired:
            sys.exit("app bench: the run took over an hour and was stopped")
        sys.exit(code)

    args.work = tempfile.mkdtemp(prefix="kaicalls-app-bench-")
    args.out = args.out or os.path.join(args.work, "out")
    os.makedirs(args.out, exist_ok=True)
    try:
        if "size" in parts:
            part_size(args)
        if parts & {"startup", "memory", "ui"}:
            prepared = os.path.join(args.work, "prepared")
            prepare(args.app, args.sandbox, prepared, args.calls, args.out)
            if parts & {"startup", "memory"}:
                part_startup_memory(args, prepared, parts)
            if "ui" in parts:
                part_ui(args, prepared, parts)
    except BenchError as e:
        sys.exit(f"app bench: {e}")
    finally:
        keep = os.environ.get("KAICALLS_BENCH_KEEP") == "1"
        if not keep:
            shutil.rmtree(os.path.join(args.work, "prepared"), ignore_errors=True)
            shutil.rmtree(os.path.join(args.work, "ui"), ignore_errors=True)
            shutil.rmtree(os.path.join(args.work, "blank"), ignore_errors=True)


if __name__ == "__main__":
    main()
