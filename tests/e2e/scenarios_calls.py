"""E2E: dialing, the inbox, search, the board and texts."""

import time
import urllib.request

from harness import App
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from steps import go_offline, nav, review_dial, scenario, settled, synced


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
