"""The end-to-end scenarios. Run through tests/e2e/run.sh, which provides Xvfb and D-Bus."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from datetime import datetime, timedelta, timezone

from harness import App
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def nav(app, screen):
    """Opens a screen from the sidebar (`calls`, `leads`, `search`, `settings`, ...)."""
    app.wait(f"#nav-{screen}").click()


def synced(app):
    """Waits for the sandbox account and the end of its first sync."""
    app.wait("#sandbox-badge")
    app.wait('#sync-indicator[data-phase="online"]', timeout=90)


def review_dial(app):
    """Moves the filled-in dial dialog to its confirmation, once an agent is chosen, and
    ticks the warnings a run at this hour may raise (calling hours where the number rings)."""
    WebDriverWait(app.driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, "#dial-submit").is_enabled())
    app.wait("#dial-submit").click()
    app.wait("#dial-confirm")
    for ack in app.driver.find_elements(By.CSS_SELECTOR, "#dial-ack-hours"):
        ack.click()


def go_offline(app):
    """Stops the in-app sandbox from Settings and waits for the offline banner."""
    nav(app, "settings")
    app.wait("#sandbox-toggle").click()
    app.wait_sandbox_stopped()


@scenario
def opens_in_sandbox_mode(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#app-title")
        app.wait("#sandbox-badge")
        # The dashboard is the first screen.
        app.wait("#dashboard-title")
        assert app.wait("#nav-dashboard").get_attribute("aria-current") == "page"
        # The demo data arrives through the first sync: the calls list fills.
        nav(app, "calls")
        app.wait("[data-call-id]", timeout=60)
        # The list has no directions or callers; the newest calls' details are read in the
        # background after the first pass, and the rows show them without a click.
        WebDriverWait(app.driver, 60).until(
            lambda d: all(
                row.get_attribute("title")
                for row in d.find_elements(By.CSS_SELECTOR, "[data-call-id] .dir")[:10]
            )
        )
        app.screenshot("opens_in_sandbox_mode")
        # A call whose details named its lead: the lead lists the call, which opens again.
        linked, open_lead = None, []
        for row in app.driver.find_elements(By.CSS_SELECTOR, "[data-call-id]")[:10]:
            row.click()
            app.wait("#call-status")
            open_lead = app.driver.find_elements(By.XPATH, "//button[normalize-space()='Open lead']")
            if open_lead:
                linked = row.get_attribute("data-call-id")
                break
        assert linked, "one of the newest calls is linked to a lead"
        open_lead[0].click()
        lead = app.wait("article[data-lead-id]").get_attribute("data-lead-id")
        app.wait(f'#lead-calls [data-lead-call-id="{linked}"]')

        # Back and forward in the window: the webview's own history, then the app's buttons.
        def call_shown():
            app.wait(f'[data-call-id="{linked}"][aria-current="true"]')
            app.wait(f'article[data-call-id="{linked}"] #call-status')
            assert app.driver.find_element(By.CSS_SELECTOR, "#nav-calls").get_attribute("aria-current") == "page"

        def lead_shown():
            app.wait(f'article[data-lead-id="{lead}"] #lead-calls')
            assert app.driver.find_element(By.CSS_SELECTOR, "#nav-leads").get_attribute("aria-current") == "page"

        app.driver.back()
        call_shown()
        app.driver.forward()
        lead_shown()
        app.wait("#history-back").click()
        call_shown()
        app.screenshot("opens_in_sandbox_mode_back")
        app.wait("#history-forward").click()
        lead_shown()

        app.wait(f'#lead-calls [data-lead-call-id="{linked}"]').click()
        app.wait(f'[data-call-id="{linked}"][aria-current="true"]')


@scenario
def onboarding_explores_the_sandbox(binary, out):
    with App(binary, out) as app:
        app.wait("#explore-sandbox").click()
        app.wait("#sandbox-badge", timeout=60)
        app.wait("#dashboard-title")
        nav(app, "calls")
        app.wait("[data-call-id]", timeout=60)
        app.screenshot("onboarding_explores_the_sandbox")


@scenario
def a_damaged_account_list_opens_on_recovery_not_a_dead_window(binary, out):
    app = App(binary, out)
    with open(os.path.join(app.data_dir, "accounts.json"), "w", encoding="utf-8") as f:
        f.write('{"version": 1, "active": "acct-1", "accounts": [{"id": "acct-')
    with app:
        app.wait("#settings-recovery[data-kind='damaged']", timeout=60)
        kept = app.wait("#settings-kept-as").text
        assert "accounts.json.damaged-" in kept, kept
        app.screenshot("a_damaged_account_list_opens_on_recovery")
        app.wait("#recover-fresh").click()
        app.wait("#explore-sandbox", timeout=30).click()
        app.wait("#sandbox-badge", timeout=60)
        # The damaged file is still there, beside the new list.
        names = os.listdir(app.data_dir)
        assert any(n.startswith("accounts.json.damaged-") for n in names), names


AXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ui", "node_modules", "axe-core", "axe.min.js")
SCREENS = ["dashboard", "inbox", "calls", "leads", "board", "search", "sdr", "agents", "usage", "settings"]


def axe_violations(app):
    """WCAG 2 A and AA violations axe-core finds in the window as it is painted now (the
    real webview lays the page out, so colour contrast is measured, unlike in the UI
    unit tests)."""
    return app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } })
          .then((r) => done(r.violations.map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " (" + (n.failureSummary || "").split("\\n").slice(1, 2).join("") + ")").join("; "))))
          .catch((e) => done(["axe failed: " + e]));
        """
    )


@scenario
def every_screen_reads_at_aa_contrast_in_both_themes(binary, out):
    with open(AXE, encoding="utf-8") as f:
        axe = f.read()
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        app.driver.execute_script(axe)
        found = []
        for theme in ("light", "dark"):
            nav(app, "settings")
            choice = app.wait(f"#theme-{theme}")
            app.driver.execute_script("arguments[0].scrollIntoView()", choice)
            choice.click()
            WebDriverWait(app.driver, 10).until(
                lambda d: d.execute_script("return document.documentElement.dataset.theme") == theme
            )
            for screen in SCREENS:
                nav(app, screen)
                app.wait(f"#{screen}-title", timeout=30)
                time.sleep(1.5)
                found += [f"{theme} {screen}: {v}" for v in axe_violations(app)]
                app.screenshot(f"theme_{theme}_{screen}")
        assert not found, "\n".join(found)


@scenario
def dial_a_call_until_completed(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#sandbox-badge")
        app.wait("#dial-button").click()
        app.wait("#dial-number").send_keys("(512) 555-0142")
        app.wait("#dial-name").send_keys("Jane Doe")
        review_dial(app)
        # A double click must not place two calls (the button locks, the backend
        # refuses a second use of the dialog's request id).
        app.double_click(app.wait("#dial-place"))
        app.wait_text("#call-status", "completed", timeout=90)
        # KaiCalls' quality scores, and the recording in the app's own player (through
        # the recording: protocol; the page loads nothing remote).
        app.wait("#call-quality [data-dimension='professionalism']", timeout=60)
        app.wait("#call-play-here", timeout=60).click()
        app.wait("#call-audio", timeout=60)
        WebDriverWait(app.driver, 60).until(
            lambda d: d.execute_script(
                "const a = document.getElementById('call-audio');"
                "return a !== null && a.readyState >= 1 && a.duration > 0;"
            )
        )
        app.screenshot("dial_a_call_until_completed")
        placed = app.sandbox_calls_to("+15125550142")
        assert placed == 1, f"expected exactly one call to the number, the sandbox has {placed}"
        # Its recording opens with the desktop's default app: the app hands the OS the
        # sandbox's loopback link for this call, which serves audio.
        app.wait("#call-play-recording", timeout=60).click()
        opened = app.opened_links()
        assert opened, "the app opened nothing"
        link = opened[-1]
        assert link.startswith("http://127.0.0.1:") and "/sandbox/recordings/" in link, link
        with urllib.request.urlopen(link, timeout=10) as reply:
            assert reply.read(4) == b"RIFF", "the link serves a WAV recording"


@scenario
def a_dial_link_confirms_first_and_a_lost_answer_is_marked(binary, out):
    # `…0010`: the sandbox places the call and drops its answer (outcome unknown).
    number = "+15125550010"
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}, args=[f"tel:{number}"]) as app:
        app.wait("#sandbox-badge")
        app.wait("#dial-from-link", timeout=60)
        WebDriverWait(app.driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, "#dial-submit").is_enabled())
        # Enter in a dialog another program opened moves nothing on.
        app.wait("#dial-number").send_keys(Keys.ENTER)
        time.sleep(1.0)
        assert not app.driver.find_elements(By.CSS_SELECTOR, "#dial-confirm"), "Enter moved a link's dialog on"
        app.wait("#dial-submit").click()
        app.wait("#dial-confirm")
        app.wait_text("#dial-confirm-cost", "No charge")
        # Nothing on the confirmation has focus that dials: Enter places nothing.
        app.driver.switch_to.active_element.send_keys(Keys.ENTER)
        assert app.sandbox_calls_to(number, settle=2.0) == 0, "a call was placed before it was confirmed"
        app.screenshot("dial_confirmation")
        for ack in app.driver.find_elements(By.CSS_SELECTOR, "#dial-ack-hours"):
            ack.click()
        app.wait("#dial-place").click()
        app.wait("#dial-uncertain", timeout=60)
        assert not app.wait("#dial-place").is_enabled(), "a lost answer must not be sent again"
        app.screenshot("dial_outcome_unknown")

        # The calls list marks it, and the syncs the app starts find the call.
        app.wait("#dial-uncertain button").click()
        app.wait_text("#calls-uncertain", "May have been placed")
        app.wait_text("#calls-uncertain", "has shown up since", timeout=90)
        app.screenshot("calls_may_have_been_placed")

        # Dialling the number again warns, and needs a tick.
        app.wait("#dial-button").click()
        app.wait("#dial-number").send_keys(number)
        review_dial(app)
        app.wait_text("#dial-redial-warning", "may already have been placed")
        assert not app.wait("#dial-place").is_enabled(), "a redial needs the warning ticked"
        app.wait("#dial-ack-redial").click()
        assert app.wait("#dial-place").is_enabled()
        app.screenshot("dial_redial_warning")
        assert app.sandbox_calls_to(number) == 1, "exactly the one call with the lost answer"


@scenario
def inbound_call_raises_a_lead_alert_and_a_notification(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app, app.watch_notifications() as seen:
        app.wait("#sandbox-badge")
        nav(app, "calls")
        app.wait("[data-call-id]", timeout=60)
        nav(app, "settings")
        app.wait("#simulate-inbound").click()
        alert = app.wait("#lead-alert", timeout=60)
        assert "New lead" in alert.text, alert.text
        note = seen.wait_for("New lead", timeout=30)
        print(f"e2e: notification seen: {note}", flush=True)
        app.screenshot("inbound_call_raises_a_lead_alert_and_a_notification")


@scenario
def closed_it_keeps_listening_and_a_notification_click_opens_the_lead(binary, out):
    """Close the window: the app keeps running, says so once, and a lead that arrives by
    webhook still raises a notification; clicking it brings the window back on the lead.
    A standalone sandbox, so the test can make a caller ring it from outside the app."""
    server = os.path.join(os.path.dirname(binary), "kaicalls-sandbox")
    proc = subprocess.Popen([server, "--rate-limit-multiplier", "0"], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(proc.stdout.readline())
        # The autostart entry goes to ~/.config/autostart: a home of its own for this run.
        home = tempfile.mkdtemp(prefix="kaicalls-e2e-home-")
        with App(binary, out, env={"HOME": home}) as app, app.watch_notifications() as seen:
            app.wait("#signin-key").send_keys(info["api_key"])
            app.driver.find_element(By.XPATH, "//button[normalize-space()='Use another API address…']").click()
            app.wait("#signin-base-url").send_keys(info["base_url"])
            app.wait("#signin-submit").click()
            app.wait('#sync-indicator[data-phase="online"]', timeout=120)
            # Start at login: the switch writes and removes the desktop's autostart entry.
            autostart = os.path.join(home, ".config", "autostart")
            entries = lambda: [n for n in os.listdir(autostart) if n.endswith(".desktop")] if os.path.isdir(autostart) else []  # noqa: E731
            nav(app, "settings")
            switch = app.wait("#pref-autostart")
            app.driver.execute_script("arguments[0].scrollIntoView()", switch)
            WebDriverWait(app.driver, 10).until(lambda d: switch.is_enabled())
            switch.click()
            WebDriverWait(app.driver, 10).until(lambda d: entries())
            with open(os.path.join(autostart, entries()[0]), encoding="utf-8") as f:
                entry = f.read()
            assert "--hidden" in entry, entry
            app.wait("#pref-autostart").click()
            WebDriverWait(app.driver, 10).until(lambda d: not entries())
            app.close_window()
            seen.wait_for("still running", timeout=30)
            assert app.is_running(), "closing the window quit the app"
            request = urllib.request.Request(
                info["base_url"] + "/sandbox/inbound-call",
                data=json.dumps({"from": "+15125550177", "name": "Closed Window Carla"}).encode(),
                headers={"Authorization": "Bearer " + info["api_key"], "Content-Type": "application/json"},
                method="POST",
            )
            urllib.request.urlopen(request, timeout=30).read()
            note = seen.wait_for("Closed Window Carla", timeout=60)
            print(f"e2e: notification while closed: {note}", flush=True)
            assert app.is_running()
            seen.click("Closed Window Carla")
            row = app.wait("#inbox-list [aria-current='true']", timeout=30)
            assert "555-0177" in row.text, row.text
            app.screenshot("closed_it_keeps_listening_and_a_notification_click_opens_the_lead")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@scenario
def a_new_lead_waits_at_the_top_of_the_inbox_and_one_click_calls_it(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        nav(app, "inbox")
        app.wait("#inbox-list [data-inbox-id]", timeout=60)

        def waiting():
            return int(app.wait("#inbox-unread").get_attribute("aria-label").split()[0])

        before = waiting()
        nav(app, "settings")
        app.wait("#simulate-inbound").click()
        app.wait("#lead-alert", timeout=60)
        WebDriverWait(app.driver, 30).until(lambda _d: waiting() == before + 1)
        # The alert's Open goes to the inbox, where the new lead is on top.
        app.wait("#lead-alert-open").click()
        first = app.wait("#inbox-list li:first-child")
        assert "Just arrived" in first.text, first.text
        row = first.find_element(By.CSS_SELECTOR, "[data-inbox-id]")
        assert row.get_attribute("data-inbox-id").startswith("lead:"), row.get_attribute("data-inbox-id")
        app.screenshot("inbox_new_lead_on_top")
        first.find_element(By.CSS_SELECTOR, "[data-action='call']").click()
        number = app.wait("#dial-number")
        assert number.get_attribute("value"), "the dial dialog opens with the lead's number"
        app.screenshot("inbox_one_click_call")


@scenario
def search_a_transcript_offline(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#sandbox-badge")
        nav(app, "calls")
        app.wait("[data-call-id]", timeout=60)
        go_offline(app)
        nav(app, "search")
        app.wait("#search-input").send_keys("following up")
        hit = app.wait(".search-hit", timeout=30)
        assert hit.find_elements("css selector", "mark"), "the snippet highlights the match"
        app.screenshot("search_a_transcript_offline")


def painted(app, panel):
    """How many pixels the chart in `panel` painted."""
    return app.driver.execute_script(
        """const c = document.querySelector(arguments[0] + ' canvas');
        if (!c || !c.width) return 0;
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;""",
        panel,
    )


def calls_since(state, days, business=None):
    """The sandbox's calls of the last `days` days (of one business), as its analytics count."""
    since = datetime.now(timezone.utc) - timedelta(days=days)
    return sum(
        1
        for c in state["calls"].values()
        if datetime.fromisoformat(c["created_at"].replace("Z", "+00:00")) >= since
        and (business is None or c.get("business_id") == business)
    )


def shows_count(app, css, counts):
    """Waits until `css` reads one of `counts` (counted just before and after the app's
    own window moved, so a call at its edge cannot make the check flaky)."""
    WebDriverWait(app.driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, css).text in counts)


@scenario
def a_card_dragged_on_the_board_changes_the_lead_on_the_server(binary, out):
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        nav(app, "board")
        card = app.wait("[data-column='new'] [data-card]", timeout=60)
        lead_id = card.get_attribute("data-card")
        app.screenshot("board")
        target = app.wait("[data-column='qualified'] h2")
        # A press, a few pixels' move (a click is not a drag), the move, the release.
        ActionChains(app.driver).click_and_hold(card).move_by_offset(12, 4).move_to_element(target).pause(
            0.2
        ).release().perform()
        app.wait(f"[data-column='qualified'] [data-card='{lead_id}']")
        app.wait_text(".toast", "moved to Qualified")
        app.screenshot("board_card_moved")

        def status():
            return app.sandbox_state()["leads"][lead_id]["status"]

        WebDriverWait(app.driver, 60, poll_frequency=1).until(lambda _d: status() == "qualified")

        # Its lead opens from the card, with every field editable.
        # A press and release without a move is a click (through the board's pointer handlers).
        ActionChains(app.driver).move_to_element(app.wait(f"[data-card='{lead_id}']")).click().perform()
        app.wait(f"article[data-lead-id='{lead_id}']")
        city = app.wait("#lead-city")
        city.clear()
        # Enter saves the form (a toast may cover its Save button for a few seconds).
        city.send_keys("Round Rock", Keys.ENTER)
        WebDriverWait(app.driver, 30).until(
            lambda d: any("Saved" in t.text for t in d.find_elements(By.CSS_SELECTOR, ".toast"))
        )
        app.screenshot("lead_form")
        WebDriverWait(app.driver, 60, poll_frequency=1).until(
            lambda _d: app.sandbox_state()["leads"][lead_id].get("city") == "Round Rock"
        )


@scenario
def dashboard_online_then_offline(binary, out):
    """The first screen: KaiCalls' own numbers online; one business of two, and everything
    offline, counted from the offline copy and marked so, with the same numbers."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#sandbox-badge")
        app.wait("#dashboard-title")
        # The first sync has finished: every call the server has is in the cache.
        app.wait('#sync-indicator[data-phase="online"]', timeout=90)
        state = app.sandbox_state()
        before = str(calls_since(state, 90))
        assert before != "0", "the demo data has calls in the last 90 days"
        app.wait('[data-days="90"]').click()
        app.wait('#panel-totals[data-origin="server"]')
        shows_count(app, "#stat-calls", {before, str(calls_since(state, 90))})
        for panel in ("totals", "timeline", "funnel", "weekly", "agents", "businesses"):
            note = app.wait(f"#panel-{panel} [data-origin-note]").text
            assert note.startswith("From KaiCalls"), (panel, note)
        assert painted(app, "#panel-timeline") > 1000, "the calls chart drew"
        app.screenshot("dashboard_online")
        agents = app.wait("#panel-agents").find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(agents) == len(state["agents"]), [a.text for a in agents]
        app.driver.execute_script("arguments[0].scrollIntoView()", app.wait("#panel-weekly"))
        app.screenshot("dashboard_online_tables")

        # One business of two: KaiCalls' reports cover both, so the copy counts this one.
        houston = next(b for b, v in state["businesses"].items() if "Houston" in v["name"])
        Select(app.wait("#business-switcher")).select_by_visible_text(state["businesses"][houston]["name"])
        app.wait('#panel-totals[data-origin="offline_copy"]')
        shows_count(app, "#stat-calls", {str(calls_since(state, 90, houston))})
        note = app.wait("#panel-totals [data-origin-note]").text
        assert note.startswith("From the offline copy, as of"), note
        why = app.wait("[data-offline-reason]").text
        assert "cover all your businesses" in why, why
        app.driver.execute_script("arguments[0].scrollIntoView()", app.wait("[data-offline-reason]"))
        app.screenshot("dashboard_one_business")
        Select(app.wait("#business-switcher")).select_by_visible_text("All businesses")
        app.wait('#panel-totals[data-origin="server"]')

        go_offline(app)
        nav(app, "dashboard")
        before = str(calls_since(state, 90))
        app.wait('#panel-totals[data-origin="offline_copy"]', timeout=60)
        shows_count(app, "#stat-calls", {before, str(calls_since(state, 90))})
        for panel in ("totals", "timeline", "funnel", "weekly", "agents", "businesses"):
            note = app.wait(f"#panel-{panel} [data-origin-note]").text
            assert note.startswith("From the offline copy, as of"), (panel, note)
        why = app.wait("[data-offline-reason]").text
        assert "can't be reached" in why, why
        assert painted(app, "#panel-timeline") > 1000, "the calls chart drew offline"
        app.screenshot("dashboard_offline")


def settled(read, ok, timeout=15):
    """`read()` once `ok` accepts it (the sandbox saves its state within a second)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if ok(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


@scenario
def edit_an_agent_review_gate_and_roll_back(binary, out):
    """The workbench against the sandbox: only the changed fields are sent, the evals run
    after the prompt change, and a rollback sends only what it restores."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        app.wait("#sandbox-badge")
        # A call's agent opens that agent's workbench.
        nav(app, "calls")
        app.wait("[data-call-id]", timeout=60)
        app.driver.find_elements(By.CSS_SELECTOR, "[data-call-id]")[0].click()
        agent_link = app.wait("#call-agent")
        assert agent_link.text.strip() == "Kai", agent_link.text
        app.screenshot("call_detail_agent")
        agent_link.click()
        app.wait_text("#agent-name", "Kai")
        assert app.wait("#nav-agents").get_attribute("aria-current") == "page"
        app.wait("#agent-back").click()
        app.wait("#agents-list")

        # A new agent: the key reaches several businesses, so one must be chosen (Create
        # refuses until it is); the reference's defaults are filled in.
        app.wait("#agents-new").click()
        options = app.wait("#agent-create-business").find_elements(By.CSS_SELECTOR, "option")
        assert options[0].get_attribute("value") == "", "no business is chosen for the user"
        business = options[1].get_attribute("value")
        app.wait("#agent-create-name").send_keys("Night line")
        app.wait("#agent-create-prompt").send_keys("You answer after hours for Smith & Lee Law.")
        assert app.wait("#agent-create-first-message").get_attribute("value") == "Hello! How can I help you today?"
        app.wait("#agent-create-submit").click()
        app.wait_text("#agent-create", "Choose the business the agent answers for.")
        options[1].click()
        app.screenshot("agent_create")
        app.wait("#agent-create-submit").click()
        created = app.wait("#agent-workbench").get_attribute("data-agent-id")
        app.wait("#agent-overview")
        record = settled(lambda: app.sandbox_state()["agents"].get(created), lambda a: a is not None)
        assert record and record["name"] == "Night line", record
        assert record["business_id"] == business, record
        assert record["inbound_prompt"] == "You answer after hours for Smith & Lee Law.", record
        assert record["first_message"] == "Hello! How can I help you today?", record
        # A new agent has no scenarios and no past runs yet, and says so.
        app.wait("#agent-tab-evals").click()
        app.wait_text("#eval-runs", "No run yet")
        app.screenshot("agent_evals_empty")

        app.wait("#agent-back").click()
        app.wait("#agents-list button.open")
        kai = [b for b in app.driver.find_elements(By.CSS_SELECTOR, "#agents-list button.open") if b.text.strip() == "Kai"]
        assert kai, "the sandbox has an agent named Kai"
        kai[0].click()
        agent_id = app.wait("#agent-workbench").get_attribute("data-agent-id")
        app.wait("#agent-overview")
        app.screenshot("agent_detail")

        # A scenario written in the app: a booking request must get a consultation offer.
        app.wait("#agent-tab-evals").click()
        app.wait("#evals-new").click()
        app.wait("#eval-name").send_keys("booking.offers_consultation")
        turns = app.driver.find_elements(By.CSS_SELECTOR, "#eval-editor li.turn textarea")
        turns[0].send_keys("Can I book a consultation?")
        kind = app.driver.find_elements(By.CSS_SELECTOR, "#eval-editor li.turn select")[0]
        kind.find_element(By.CSS_SELECTOR, "option[value='regex']").click()
        app.driver.find_elements(By.CSS_SELECTOR, "#eval-editor li.turn textarea")[1].send_keys("(?i)consultation")
        app.screenshot("agent_eval_editor")
        app.wait("#eval-save").click()
        app.wait_text("#evals-list", "booking.offers_consultation")

        app.wait("#agent-tab-edit").click()
        app.wait("#agent-section-outbound").click()
        app.wait("#agent-outbound_prompt").send_keys("\nAlways confirm the callback number.")
        opening = app.wait("#agent-outbound_first_message")
        opening.clear()
        opening.send_keys("Hey {{name}}, it's Kai from Smith & Lee. Got a minute?")
        app.wait("#agent-section-vapi").click()
        silence = app.wait("#vapi-silenceTimeoutSeconds")
        silence.clear()
        silence.send_keys("20")
        app.screenshot("agent_editor")

        # Leaving with the edits unsaved asks first; staying keeps them as typed.
        nav(app, "calls")
        app.wait("#leave-dialog #leave-stay")
        app.screenshot("agent_leave")
        app.wait("#leave-stay").click()
        assert app.wait("#vapi-silenceTimeoutSeconds").get_attribute("value") == "20"
        app.wait("#agent-draft-note")  # the edits are kept as a draft, too
        assert app.driver.find_elements(By.CSS_SELECTOR, "#calls-title") == [], "the calls screen did not open"

        app.wait("#agent-review").click()
        changes = app.wait("#agent-review-changes")
        fields = [
            (li.get_attribute("data-field"), li.get_attribute("data-key"))
            for li in changes.find_elements(By.CSS_SELECTOR, ":scope > li")
        ]
        assert fields == [
            ("outbound_prompt", None),
            ("outbound_first_message", None),
            ("vapi_config", "silenceTimeoutSeconds"),
        ], fields
        app.wait("#agent-audit-note")
        app.screenshot("agent_review")
        app.wait("#agent-save").click()

        # The eval gate runs the agent's scenarios and its result sits beside the change.
        app.wait("#agent-gate-result", timeout=90)
        app.wait('#agent-history [data-version-id] [data-status="ran"], #agent-history [data-version-id] [data-status="regressed"]')
        app.screenshot("agent_history")
        patches = settled(lambda: app.sandbox_state()["agents"][agent_id]["patches"], lambda p: len(p) >= 1)
        assert len(patches) == 1, patches
        assert sorted(patches[0]) == ["id", "outbound_first_message", "outbound_prompt", "vapi_config"], patches
        assert patches[0]["vapi_config"] == {"silenceTimeoutSeconds": 20}, patches
        before = patches[0]["outbound_first_message"]

        app.wait("#agent-tab-evals").click()
        app.wait("#evals-run-all").click()
        app.wait("#evals-results [data-result-eval-id]", timeout=90)
        # Past runs: the gate's (tied to the change) and this one by hand, newest first.
        app.wait_text("#eval-runs", "Run by hand")
        rows = [r.text for r in app.driver.find_elements(By.CSS_SELECTOR, "#eval-runs tbody tr")]
        assert any("After change" in r for r in rows), rows
        assert "Run by hand" in rows[0], rows
        app.driver.execute_script("document.getElementById('eval-runs').scrollIntoView()")
        app.screenshot("agent_eval_runs")
        app.screenshot("agent_evals")

        app.wait("#agent-tab-history").click()
        app.wait('#agent-history [data-version-id] .rollback').click()
        rollback = app.wait("#agent-rollback-changes")
        restored = [li.get_attribute("data-field") for li in rollback.find_elements(By.CSS_SELECTOR, ":scope > li")]
        assert restored == ["outbound_prompt", "outbound_first_message"], restored
        app.wait("#agent-rollback-confirm").click()
        app.wait('#agent-history [data-kind="rollback"]', timeout=60)
        agent = settled(lambda: app.sandbox_state()["agents"][agent_id], lambda a: len(a["patches"]) >= 2)
        last = agent["patches"][-1]
        assert sorted(last) == ["id", "outbound_first_message", "outbound_prompt"], last
        assert agent["outbound_first_message"] != before
        assert agent["outbound_first_message"] == last["outbound_first_message"]

        # The sidebar's Agents, clicked while an agent is open, goes back to the list.
        nav(app, "agents")
        app.wait("#agents-list")


@scenario
def usage_online_then_offline(binary, out):
    """Usage shows each business's plan and the API log; offline, the kept balance with
    the log said to be unknown, not empty."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        nav(app, "usage")
        rows = app.wait("#usage-businesses").find_elements(By.CSS_SELECTOR, "tbody tr")
        businesses = app.sandbox_state()["businesses"]
        assert rows and all(r.get_attribute("data-business-id") in businesses for r in rows), [r.text for r in rows]
        firm = [r for r in rows if r.find_elements(By.CSS_SELECTOR, "td")[0].text == "Smith & Lee Law"]
        assert firm, [r.text for r in rows]
        cells = [c.text for c in firm[0].find_elements(By.CSS_SELECTOR, "td")]
        status = businesses[firm[0].get_attribute("data-business-id")]["subscription_status"]
        assert cells[1].lower() == status.replace("_", " "), (cells, status)
        assert cells[3].endswith(" min") and cells[5].isdigit(), cells
        firm_id = firm[0].get_attribute("data-business-id")
        counted = str(calls_since(app.sandbox_state(), 30, firm_id))
        assert cells[4] == counted, (cells, counted)
        app.wait_text("#usage-summary", "requests")
        app.screenshot("usage")

        go_offline(app)
        nav(app, "usage")
        app.wait("#usage-refresh").click()
        app.wait("#usage-offline")
        app.wait("#usage-requests-unknown")
        offline = [r.text for r in app.wait("#usage-businesses").find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert len(offline) == len(rows), offline
        app.screenshot("usage_offline")


@scenario
def text_a_lead_and_a_number_on_the_dnc_list(binary, out):
    """A text to a number on the Do-Not-Call list is explained in the texting sense and
    sends nothing; a text to a lead, double-clicked, is sent once and joins its timeline."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        before = dict(app.sandbox_state().get("sms", {}))
        nav(app, "leads")
        app.wait("#leads-text").click()
        app.wait("#text-number").send_keys("(512) 555-0100")
        app.wait("#text-message").send_keys("Hi, this is Smith & Lee Law following up.")
        app.wait("#text-submit").click()
        note = app.wait("#text-error").text
        assert "Do-Not-Call" in note and "won't text it" in note and "Nothing was sent." in note, note
        app.screenshot("text_refused_dnc")
        time.sleep(1.5)  # the sandbox saves its state within a second
        assert app.sandbox_state().get("sms", {}).keys() == before.keys(), "nothing was sent"
        app.driver.find_element(By.XPATH, "//dialog//button[normalize-space()='Cancel']").click()
        WebDriverWait(app.driver, 10).until_not(lambda d: d.find_element(By.ID, "text-dialog").is_displayed())

        # A lead with a phone: Text, double-click Send.
        leads = sorted(app.sandbox_state()["leads"].values(), key=lambda l: l["created_at"], reverse=True)
        lead_id = next(l["id"] for l in leads if l.get("phone") and not l["phone"].endswith(("0100", "0101", "0102")))
        app.wait(f'[data-lead-id="{lead_id}"]').click()
        app.wait(f'article[data-lead-id="{lead_id}"]')
        app.wait("#lead-text").click()
        app.wait("#text-message").send_keys("Thanks for calling. Does Thursday at 2pm suit you?")
        app.wait_text("#text-size", "1 text")
        app.double_click(app.wait("#text-submit"))
        app.wait("#text-sent", timeout=30)
        sms = settled(lambda: app.sandbox_state().get("sms", {}), lambda s: len(s) > len(before))
        time.sleep(1.5)
        sms = app.sandbox_state().get("sms", {})
        sent = [v for k, v in sms.items() if k not in before]
        assert len(sent) == 1, sent
        assert sent[0]["lead_id"] == lead_id, sent
        app.screenshot("text_sent")
        app.driver.find_element(By.XPATH, "//dialog//button[normalize-space()='Close']").click()
        WebDriverWait(app.driver, 10).until_not(lambda d: d.find_element(By.ID, "text-dialog").is_displayed())
        app.wait_text("#lead-texts", "Does Thursday at 2pm suit you?")
        app.driver.execute_script("arguments[0].scrollIntoView()", app.wait("#lead-texts"))
        app.screenshot("lead_timeline_with_text")


@scenario
def sdr_dry_run_then_run(binary, out):
    """The SDR pipeline: segments with next actions; settings saved; a preview that sends
    nothing, then the real run, confirmed, whose touches appear in the activity log."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app:
        synced(app)
        nav(app, "sdr")
        app.wait_text("#sdr-summary", "leads in the pipeline")
        assert app.driver.find_elements(By.CSS_SELECTOR, "[data-segment] [data-sdr-lead]"), "leads per segment"
        app.screenshot("sdr_pipeline")

        app.wait("#sdr-tab-settings").click()
        enabled = app.wait("#sdr-enabled")
        if not enabled.is_selected():
            enabled.click()
        for box in ("#sdr-auto-call", "#sdr-auto-sms", "#sdr-auto-email"):
            if not app.wait(box).is_selected():
                app.wait(box).click()
        Select(app.wait("#sdr-agent")).select_by_index(1)
        # The same hour twice: any hour, so the run dispatches whenever this runs.
        Select(app.wait("#sdr-hours-start")).select_by_value("0")
        Select(app.wait("#sdr-hours-end")).select_by_value("0")
        gap = app.wait("#sdr-gap")
        gap.clear()
        gap.send_keys("1")
        app.wait("#sdr-save").click()
        app.wait("#sdr-saved")
        app.screenshot("sdr_settings")

        ledger_before = len(app.sandbox_state().get("sdr_activity", []))
        app.wait("#sdr-tab-run").click()
        app.wait("#sdr-dry-run").click()
        planned = app.wait("#sdr-plan").find_elements(By.CSS_SELECTOR, "[data-run-lead]")
        assert planned, "the preview plans actions"
        time.sleep(1.5)  # the sandbox saves its state within a second
        assert len(app.sandbox_state().get("sdr_activity", [])) == ledger_before, "a preview sends nothing"
        app.screenshot("sdr_dry_run")
        app.wait("#sdr-run").click()
        app.wait("#sdr-run-confirm").click()
        ran = app.wait("#sdr-ran", timeout=60).find_elements(By.CSS_SELECTOR, "[data-run-lead]")
        touched = {
            r.get_attribute("data-run-lead") for r in ran if r.get_attribute("data-action") != "escalate"
        }
        assert touched, "the run touched leads"
        app.screenshot("sdr_ran")

        app.wait("#sdr-tab-activity").click()
        rows = app.wait("#sdr-activity").find_elements(By.CSS_SELECTOR, "[data-activity-lead]")
        logged = {r.get_attribute("data-activity-lead") for r in rows}
        assert touched <= logged, touched - logged
        one = sorted(touched)[0]
        Select(app.wait("#sdr-activity-lead")).select_by_value(one)
        WebDriverWait(app.driver, 20, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: {
                r.get_attribute("data-activity-lead")
                for r in d.find_elements(By.CSS_SELECTOR, "#sdr-activity [data-activity-lead]")
            }
            == {one}
        )
        app.screenshot("sdr_activity_one_lead")


@scenario
def sign_up_shows_the_new_number(binary, out):
    """Sign-up with every field at a KaiCalls-compatible server (a standalone sandbox, as a
    staging server would be), then the welcome: the new number, its agent, the trial; and
    the trial on the usage screen."""
    server = os.path.join(os.path.dirname(binary), "kaicalls-sandbox")
    assert os.access(server, os.X_OK), f"{server} is missing: make e2e builds it"
    proc = subprocess.Popen([server, "--rate-limit-multiplier", "0"], stdout=subprocess.PIPE, text=True)
    try:
        base_url = json.loads(proc.stdout.readline())["base_url"]
        with App(binary, out) as app:
            app.wait("#tab-signup").click()
            app.wait("#signup-business").send_keys("Night Owl Plumbing")
            app.wait("#signup-email").send_keys("owner@nightowl.example")
            app.wait("#signup-type").send_keys("Home Services")
            app.wait("#signup-website").send_keys("https://nightowl.example")
            app.wait("#signup-forward").send_keys("(512) 555-0123")
            app.driver.find_element(By.XPATH, "//button[normalize-space()='Use another API address…']").click()
            app.wait("#signup-base-url").send_keys(base_url)
            app.wait("#signup-submit").click()
            number = app.wait("#signup-number", timeout=60).text
            assert number.startswith("(") and number[-4:].isdigit(), number
            assert app.wait("#signup-agent").text, "the intake agent is named"
            assert app.wait("#signup-trial").text not in ("", "Unknown")
            assert "(512) 555-0123" in app.wait("#signup-done").text, "forwarding is confirmed"
            app.screenshot("sign_up_welcome")
            app.wait("#signup-open").click()
            WebDriverWait(app.driver, 10).until_not(lambda d: d.find_element(By.ID, "signup-welcome").is_displayed())
            app.wait("#dashboard-title", timeout=60)
            name = app.wait("#account-name").get_attribute("textContent")
            assert name == "Night Owl Plumbing", name
            # Usage shows the trial sign-up started.
            nav(app, "usage")
            trial = app.wait("#usage-businesses .trial").text
            assert trial.startswith("30 days left"), trial
            app.screenshot("sign_up_usage_trial")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


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
