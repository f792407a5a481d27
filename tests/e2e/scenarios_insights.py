"""E2E: the dashboard, agent editing with evals, usage and the SDR pipeline."""

import time

from harness import App
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from steps import calls_since, go_offline, nav, painted, scenario, settled, shows_count, synced


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
