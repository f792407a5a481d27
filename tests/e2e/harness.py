"""End-to-end harness: the real app window, driven through tauri-driver + WebKitWebDriver.

Each scenario gets a fresh data directory (KAICALLS_DATA_DIR) and its own tauri-driver,
so scenarios cannot leak state into each other. Screenshots are taken of the X display
(WebKitWebDriver's own screenshot call hangs under Xvfb).
"""

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


# The longest one WebDriver command may take, the session's start (the app's launch) included.
COMMAND_TIMEOUT_SECS = 120


def _bounded(url):
    """webdriver.Remote's arguments bounding each command: a `ClientConfig` where selenium
    has one (4.26 on, as pip installs), else the connection class's timeout (Debian 12's
    python3-selenium is 4.8, which install-deps takes where pip may not install)."""
    try:
        from selenium.webdriver.remote.client_config import ClientConfig
    except ImportError:
        RemoteConnection.set_timeout(COMMAND_TIMEOUT_SECS)
        return {}
    return {"client_config": ClientConfig(remote_server_addr=url, timeout=COMMAND_TIMEOUT_SECS)}


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


def _names(pids):
    names = []
    for pid in pids:
        with contextlib.suppress(OSError):
            with open(f"/proc/{pid}/comm", encoding="utf-8") as f:
                names.append(f"{pid} {f.read().strip()}")
    return ", ".join(names)


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
                # The webview keeps localStorage (the theme, drafts) and its caches under
                # the XDG folders: one of each per run, so no run sees another's.
                "XDG_DATA_HOME": os.path.join(self.data_dir, "xdg-data"),
                "XDG_CACHE_HOME": os.path.join(self.data_dir, "xdg-cache"),
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
        # Selenium waits forever for an answer by default: a WebDriver command the app never
        # answers (a hung webview, an app that does not exit on quit) fails after this
        # instead of holding the whole run until run.sh's bound kills it with no trace.
        url = f"http://127.0.0.1:{port}"
        self.driver = webdriver.Remote(command_executor=url, options=options, **_bounded(url))
        return self

    def _log(self):
        os.makedirs(self.out_dir, exist_ok=True)
        return open(os.path.join(self.out_dir, "tauri-driver.log"), "ab")

    def __exit__(self, exc_type, *exc):
        # A failed scenario leaves a picture of the screen it stopped on.
        if exc_type is not None and self.driver:
            with contextlib.suppress(Exception):
                self.screenshot("FAILED")
        if exc_type is not None:
            self._print_log_tail()
        with contextlib.suppress(Exception):
            if self.driver:
                self.driver.quit()
        if self.driver_proc:
            self.driver_proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.driver_proc.wait(10)
            if self.driver_proc.poll() is None:
                self.driver_proc.kill()
        self._stop_the_app()
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

    def _stop_the_app(self):
        """Stops what is left of this run: the app closes to the background when WebDriver
        closes its window, and sometimes outlives the driver. A live one holds the
        single-instance lock on the shared session bus, so every later launch would hand
        over to it and exit, and every later scenario would wait for a window that never
        comes. Found by this run's data folder in each process's environment."""
        marker = f"KAICALLS_DATA_DIR={self.data_dir}".encode()

        def left():
            pids = []
            for entry in os.listdir("/proc"):
                if entry.isdigit() and int(entry) != os.getpid():
                    with contextlib.suppress(OSError):
                        with open(f"/proc/{entry}/environ", "rb") as f:
                            if marker in f.read().split(b"\0"):
                                pids.append(int(entry))
            return pids

        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            pids = left()
            if not pids:
                return
            names = _names(pids)
            if sig == signal.SIGTERM and os.path.basename(self.binary)[:15] in names:
                # WebKit's network process always lingers a moment; the app should not.
                print(f"e2e: the app outlived its driver, stopping: {names}", flush=True)
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and left():
                time.sleep(0.1)

    def _print_log_tail(self, lines=40):
        """The end of the app's log, printed with a failure: CI keeps the run's output, not
        its data folder."""
        logs = os.path.join(self.data_dir, "logs")
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(logs)):
                with open(os.path.join(logs, name), encoding="utf-8", errors="replace") as f:
                    tail = f.readlines()[-lines:]
                print(f"e2e: the end of the app's log {name}:", *tail, sep="\n  ", end="", flush=True)

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
    def with_tray(self):
        """A desktop that shows tray icons (tray_watcher.py on this session bus), started
        before the app so it finds one."""
        watcher = subprocess.Popen(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tray_watcher.py")],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert watcher.stdout.readline().strip() == "tray watcher ready", "the tray watcher did not start"
            yield
        finally:
            watcher.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                watcher.wait(5)

    def window(self, title="KaiCalls Desktop"):
        """The X id of the app's window."""
        return _x11_window_named(title)

    def frame_theme(self, title="KaiCalls Desktop"):
        """The theme GTK gives the window's frame (its title bar): the `_GTK_THEME_VARIANT`
        property of the X window ("dark", or "" when GTK's default, light)."""
        out = subprocess.run(
            ["xprop", "-id", hex(self.window(title)), "_GTK_THEME_VARIANT"],
            capture_output=True, text=True, check=True,
        ).stdout
        return out.split("=", 1)[1].strip().strip('"') if "=" in out else ""

    def log_says(self, text, timeout=30):
        """Waits until the app's log file (logs/ in its data folder) has a line with `text`."""
        logs = os.path.join(self.data_dir, "logs")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
                with open(os.path.join(logs, name), encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if text in line:
                            return line.strip()
            time.sleep(0.2)
        raise AssertionError(f"the app's log has no line with {text!r}")

    def window_mapped(self, title="KaiCalls Desktop"):
        """Whether the window is on screen (mapped), as X sees it."""
        info = subprocess.run(
            ["xwininfo", "-id", hex(self.window(title))], capture_output=True, text=True, check=True
        ).stdout
        return "IsViewable" in info

    def close_window(self, title="KaiCalls Desktop"):
        """Asks the window to close as a window manager does when its × is clicked: a
        WM_DELETE_WINDOW message (there is no window manager under Xvfb)."""
        window = self.window(title)
        _x11_send_delete(window)

    @contextlib.contextmanager
    def watch_window_states(self):
        """Records the window-state changes clients ask the window manager for (see
        WindowStateLog): with no window manager under Xvfb, asking is all a minimize does."""
        log = WindowStateLog()
        try:
            yield log
        finally:
            log.stop()

    def is_running(self):
        """Whether the app still answers WebDriver (it has not quit)."""
        try:
            self.driver.execute_script("return 1")
            return True
        except Exception:  # noqa: BLE001 - any failure means it is gone
            return False

    @contextlib.contextmanager
    def watch_notifications(self):
        """Records every desktop notification sent on this D-Bus session, and the ids the
        notification server gave them (to click one, see NotificationLog.click)."""
        log = open(os.path.join(self.data_dir, "notifications.log"), "w+b")
        monitor = subprocess.Popen(
            [
                "dbus-monitor",
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
                # Only the notification server's answers (the ids): not every reply on the bus.
                "type='method_return',sender='org.freedesktop.Notifications'",
            ],
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


class WindowStateLog:
    """The WM_CHANGE_STATE requests sent on this X display. A client minimizes its window
    (XIconifyWindow, as GTK does) by sending the root window a ClientMessage WM_CHANGE_STATE
    with IconicState, for the window manager to act on (ICCCM 4.1.4). This listens on the
    root with SubstructureNotify only, which such a message is also delivered to: it sees
    the requests without taking the window manager's part (SubstructureRedirect)."""

    ICONIC = 3  # IconicState

    def __init__(self):
        ctypes, x11 = _x11()
        self._ctypes, self._x11 = ctypes, x11
        self._display = x11.XOpenDisplay(None)
        assert self._display, "no X display"
        self._change_state = x11.XInternAtom(self._display, b"WM_CHANGE_STATE", 0)
        x11.XSelectInput(self._display, x11.XDefaultRootWindow(self._display), 1 << 19)  # SubstructureNotifyMask
        # The selection is in place before anything is asked of the app.
        x11.XSync(self._display, 0)
        self._requests = []  # (window, state)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        event = _x11_event_type(self._ctypes)()
        fd = self._x11.XConnectionNumber(self._display)
        while not self._stopping.is_set():
            while self._x11.XPending(self._display):
                self._x11.XNextEvent(self._display, self._ctypes.byref(event))
                message = event.xclient
                if message.type == 33 and message.message_type == self._change_state:  # ClientMessage
                    with self._lock:
                        self._requests.append((message.window, message.data[0]))
            select.select([fd], [], [], 0.2)

    def requests(self):
        """Every (window, state) asked for so far."""
        with self._lock:
            return list(self._requests)

    def wait_for_iconic(self, window, timeout=10):
        """Waits until `window` was asked to be minimized (iconified)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (window, self.ICONIC) in self.requests():
                return
            time.sleep(0.1)
        raise AssertionError(f"window {window:#x} was not asked to be minimized; asked: {self.requests()}")

    def stop(self):
        self._stopping.set()
        self._thread.join(5)
        self._x11.XCloseDisplay(self._display)


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

    def id_of(self, text, timeout=30):
        """The id the notification server answered for the notification with `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                found = _notify_id(f.read(), text)
            if found is not None:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no id was answered for the notification {text!r}")

    def click(self, text):
        """Clicks the notification with `text` as the server does when it is clicked: the
        ActionInvoked signal with its default action."""
        nid = self.id_of(text)
        subprocess.run(
            [
                "dbus-send",
                "--session",
                "--type=signal",
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications.ActionInvoked",
                f"uint32:{nid}",
                "string:default",
            ],
            check=True,
        )
        return nid


def _notify_id(seen, text):
    """From dbus-monitor's output: the uint32 returned to the Notify call with `text`."""
    lines = seen.splitlines()
    calls = {}
    current = None
    for i, line in enumerate(lines):
        head = line.strip()
        if head.startswith("method call") and "member=Notify" in head:
            sender = _field(head, "sender")
            serial = _field(head, "serial")
            current = (sender, serial)
            calls[current] = ""
        elif head.startswith("method return") or head.startswith("signal") or head.startswith("method call"):
            current = None
            if head.startswith("method return"):
                key = (_field(head, "destination"), _field(head, "reply_serial"))
                if key in calls and text in calls[key]:
                    for body in lines[i + 1 : i + 3]:
                        body = body.strip()
                        if body.startswith("uint32 "):
                            return int(body.split()[1])
        elif current is not None:
            calls[current] += line
    return None


def _field(head, name):
    for part in head.split():
        if part.startswith(name + "="):
            return part.split("=", 1)[1]
    return None


def _x11():
    import ctypes

    x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
    x11.XPending.argtypes = [ctypes.c_void_p]
    x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return ctypes, x11


def _x11_window_named(title):
    """The id of the top-level window titled `title` (xwininfo, from x11-utils)."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=True).stdout
    for line in tree.splitlines():
        if f'"{title}"' in line:
            return int(line.split()[0], 16)
    raise AssertionError(f"no window titled {title!r}")


def _x11_event_type(ctypes):
    """Xlib's XEvent, as far as a ClientMessage goes."""

    class ClientMessage(ctypes.Structure):
        _fields_ = [
            ("type", ctypes.c_int),
            ("serial", ctypes.c_ulong),
            ("send_event", ctypes.c_int),
            ("display", ctypes.c_void_p),
            ("window", ctypes.c_ulong),
            ("message_type", ctypes.c_ulong),
            ("format", ctypes.c_int),
            ("data", ctypes.c_long * 5),
        ]

    class Event(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]

    return Event


def _x11_send_delete(window):
    ctypes, x11 = _x11()
    Event = _x11_event_type(ctypes)
    display = x11.XOpenDisplay(None)
    assert display, "no X display"
    try:
        protocols = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
        delete = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        event = Event()
        event.xclient.type = 33  # ClientMessage
        event.xclient.window = window
        event.xclient.message_type = protocols
        event.xclient.format = 32
        event.xclient.data[0] = delete
        event.xclient.data[1] = 0  # CurrentTime
        x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
        x11.XFlush(display)
    finally:
        x11.XCloseDisplay(display)
