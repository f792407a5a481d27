"""What the E2E scenarios share: the registry of scenarios and the steps they repeat
(open a screen, wait for the first sync, review a dial, go offline, read axe-core's
findings, ...)."""

import time
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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


def settled(read, ok, timeout=15):
    """`read()` once `ok` accepts it (the sandbox saves its state within a second)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if ok(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)
