"""A headless Chromium driven through the DevTools protocol over a pipe (the
``--remote-debugging-pipe`` switch: JSON messages ending in a NUL byte, read by Chromium
from its descriptor 3 and written to its descriptor 4), with the standard library only."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Debian's /usr/bin/chromium is a shell script that does not pass descriptors 3 and 4 on.
DEBIAN_BINARY = "/usr/lib/chromium/chromium"
# What Chromium answers an evaluation that a navigation of the page cut short (the live
# preview reloads the page when the draft changes).
_RELOADING = ("Inspected target navigated or closed", "Execution context was destroyed",
              "Cannot find context with specified id")


def find_chromium() -> str | None:
    if os.access(DEBIAN_BINARY, os.X_OK):
        return DEBIAN_BINARY
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _above_four(fd: int) -> int:
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="csp-draft-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # Above 9, so that bash's "3<&N 4>&M" cannot overwrite one with the other.
        to_browser_read, from_browser_write = _above_four(to_browser_read), _above_four(
            from_browser_write)
        flags = ["--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
                 "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"]
        if os.geteuid() == 0:
            flags.insert(0, "--no-sandbox")  # Chromium's sandbox refuses to run as root
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_browser_read} 4>&{from_browser_write}',
             executable, *flags],
            pass_fds=(to_browser_read, from_browser_write), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    def call(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True) -> dict[str, Any]:
        """Send one command and wait for its answer (events in between are dropped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session and self.session is not None:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": url}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target,
                                                           "flatten": True},
                                 session=False)["sessionId"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True})
        return result["result"].get("value")

    def text_once(self, wanted: str, deadline_s: float = 60.0) -> str:
        """The page's text once it contains ``wanted`` (the page changes by itself)."""
        deadline = time.monotonic() + deadline_s
        text = ""
        while time.monotonic() < deadline:
            try:
                text = self.evaluate("document.body ? document.body.innerText : ''") or ""
            except RuntimeError as error:  # the page reloading just then: ask again
                if not any(words in str(error) for words in _RELOADING):
                    raise
                text = ""
            if wanted in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"the page never showed {wanted!r}; it shows:\n{text[:2000]}")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.call("Browser.close", session=False)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)
