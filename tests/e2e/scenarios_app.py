"""E2E: starting, recovering, themes, living in the background, signing up."""

import json
import os
import subprocess
import tempfile
import time
import urllib.request

from harness import App
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from steps import nav, scenario, synced


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
            # The title bar too: GTK's variant of the window frame follows the page's theme.
            want = "dark" if theme == "dark" else ""
            WebDriverWait(app.driver, 10).until(lambda d: app.frame_theme() == want, f"frame {app.frame_theme()!r}")
            for screen in SCREENS:
                nav(app, screen)
                app.wait(f"#{screen}-title", timeout=30)
                time.sleep(1.5)
                found += [f"{theme} {screen}: {v}" for v in axe_violations(app)]
                app.screenshot(f"theme_{theme}_{screen}")
        assert not found, "\n".join(found)


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
        app = App(binary, out, env={"HOME": home})
        # A desktop with a tray: closing hides the window (without one it is minimized:
        # closed_without_a_tray_it_minimizes_keeps_listening_and_says_how_to_come_back).
        with app.with_tray(), app, app.watch_notifications() as seen:
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
            assert app.window_mapped()
            app.close_window()
            seen.wait_for("still running", timeout=30)
            assert app.is_running(), "closing the window quit the app"
            WebDriverWait(app.driver, 10).until(lambda d: not app.window_mapped())
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
            assert not app.window_mapped(), "a lead arriving does not pop the window up"
            seen.click("Closed Window Carla")
            WebDriverWait(app.driver, 10).until(lambda d: app.window_mapped())
            row = app.wait("#inbox-list [aria-current='true']", timeout=30)
            assert "555-0177" in row.text, row.text
            app.screenshot("closed_it_keeps_listening_and_a_notification_click_opens_the_lead")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@scenario
def closed_without_a_tray_it_minimizes_keeps_listening_and_says_how_to_come_back(binary, out):
    """A desktop without a tray (GNOME without its extension): closing the window minimizes
    it, since a hidden window could not be found again; the app keeps running, says how to
    get it back, and a lead that arrives meanwhile still raises a notification. There is
    no window manager under Xvfb, so the minimize is seen as the app asking for it (the
    WM_CHANGE_STATE request a window manager acts on) and the window stays on screen."""
    with App(binary, out, env={"KAICALLS_SANDBOX": "1"}) as app, app.watch_notifications() as seen:
        synced(app)
        # No StatusNotifierWatcher on this bus (no app.with_tray()): no tray icon shown.
        app.log_says("tray icon shown=false")
        nav(app, "settings")
        app.wait("#simulate-inbound")
        window = app.window()
        with app.watch_window_states() as states:
            app.close_window()
            states.wait_for_iconic(window)
            print(f"e2e: window state requests: {states.requests()}", flush=True)
        note = seen.wait_for("It is minimized, so new leads still notify you", timeout=30)
        assert "taskbar" in note, note
        assert app.is_running(), "closing the window quit the app"
        app.screenshot("closed_without_a_tray_it_minimizes")
        # The window is only asked to be minimized here, so its own form still answers.
        simulate = app.wait("#simulate-inbound")
        WebDriverWait(app.driver, 30).until(lambda d: simulate.is_enabled())
        app.wait("#sandbox-settings input[aria-label=\"Caller's name (optional)\"]").send_keys("Minimized Mia")
        simulate.click()
        note = seen.wait_for("Minimized Mia", timeout=60)
        print(f"e2e: notification while minimized: {note}", flush=True)
        assert app.is_running()


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
