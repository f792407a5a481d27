"""End-to-end harness: the real app window, driven through tauri-driver + WebKitWebDriver.

Each scenario gets a fresh data directory (KAICALLS_DATA_DIR) and its own tauri-driver,
so scenarios cannot leak state into each other. Screenshots are taken of the X display
(WebKitWebDriver's own screenshot call hangs under Xvfb).
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"tauri-driver did not listen on {port}")


class App:
    """One run of the app under WebDriver."""

    def __init__(self, binary, out_dir, env=None, args=None):
        self.binary = binary
        self.out_dir = out_dir
        self.extra_env = env or {}
        self.args = args or []
        self.data_dir = tempfile.mkdtemp(prefix="kaicalls-e2e-")
        self.driver_proc = None
        self.driver = None

    def __enter__(self):
        env = dict(os.environ)
        env.update(
            {
                "KAICALLS_DATA_DIR": self.data_dir,
                "NO_AT_BRIDGE": "1",
                "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
            }
        )
        env.update(self.extra_env)
        # The desktop's "open this link" programs are replaced by one that writes down what
        # it was asked to open (opened_links), so a scenario sees exactly what the app
        # handed to the OS and no browser starts under Xvfb.
        shims = os.path.join(self.data_dir, "shims")
        os.makedirs(shims, exist_ok=True)
        self.opened_log = os.path.join(self.data_dir, "opened.log")
        for name in ("xdg-open", "gio", "gnome-open", "kde-open", "wslview"):
            path = os.path.join(shims, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done >> "{self.opened_log}"\n')
            os.chmod(path, 0o755)
        env["PATH"] = shims + os.pathsep + env.get("PATH", "")
        # Free ports per run: a driver left over from a crashed run must not collide.
        port, native_port = _free_port(), _free_port()
        self.driver_proc = subprocess.Popen(
            [
                "tauri-driver",
                "--port",
                str(port),
                "--native-port",
                str(native_port),
                "--native-driver",
                "/usr/bin/WebKitWebDriver",
            ],
            env=env,
            stdout=self._log(),
            stderr=subprocess.STDOUT,
        )
        # tauri-driver listens at once but starts WebKitWebDriver lazily; wait for both.
        _wait_for_port(port)
        _wait_for_port(native_port)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": self.binary, "args": self.args})
        self.driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        return self

    def _log(self):
        os.makedirs(self.out_dir, exist_ok=True)
        return open(os.path.join(self.out_dir, "tauri-driver.log"), "ab")

    def __exit__(self, exc_type, *exc):
        # A failed scenario leaves a picture of the screen it stopped on.
        if exc_type is not None and self.driver:
            with contextlib.suppress(Exception):
                self.screenshot("FAILED")
        with contextlib.suppress(Exception):
            if self.driver:
                self.driver.quit()
        if self.driver_proc:
            self.driver_proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.driver_proc.wait(10)
            if self.driver_proc.poll() is None:
                self.driver_proc.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        return False

    def wait(self, css, timeout=30):
        return WebDriverWait(self.driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_text(self, css, text, timeout=30):
        WebDriverWait(self.driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def screenshot(self, name):
        os.makedirs(self.out_dir, exist_ok=True)
        path = os.path.join(self.out_dir, f"{name}.png")
        subprocess.run(["import", "-window", "root", path], check=True, timeout=30)
        return path

    def double_click(self, element):
        ActionChains(self.driver).double_click(element).perform()

    def opened_links(self, timeout=30):
        """What the app asked the desktop to open, once it asked for anything."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError):
                with open(self.opened_log, encoding="utf-8") as f:
                    lines = [line.strip() for line in f if line.strip()]
                if lines:
                    return lines
            time.sleep(0.2)
        return []

    def sandbox_state(self):
        """The in-process sandbox's saved state (it saves within a second of a change)."""
        with open(os.path.join(self.data_dir, "sandbox", "state.json"), encoding="utf-8") as f:
            return json.load(f)

    def sandbox_calls_to(self, number, settle=3.0):
        """How many calls the sandbox (the server) holds to `number`."""
        time.sleep(settle)
        calls = self.sandbox_state()["calls"].values()
        return sum(1 for c in calls if c.get("to") == number and c.get("direction") == "outbound")

    def wait_sandbox_stopped(self, timeout=30):
        """Waits until the UI says the app is offline (the sandbox is stopped)."""
        WebDriverWait(self.driver, timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, "#offline-banner"))
        )

    @contextlib.contextmanager
    def watch_notifications(self):
        """Records every desktop notification sent on this D-Bus session."""
        log = open(os.path.join(self.data_dir, "notifications.log"), "w+b")
        monitor = subprocess.Popen(
            ["dbus-monitor", "--session", "interface='org.freedesktop.Notifications',member='Notify'"],
            stdout=log,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        try:
            yield NotificationLog(log.name)
        finally:
            monitor.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                monitor.wait(5)
            log.close()


class NotificationLog:
    """What dbus-monitor saw of `Notify` calls."""

    def __init__(self, path):
        self.path = path

    def wait_for(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                seen = f.read()
            for line in seen.splitlines():
                if text in line:
                    return line.strip()
            time.sleep(0.2)
        raise AssertionError(f"no notification containing {text!r} was sent")
