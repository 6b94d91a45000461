"""Live preview: a draft rendered as HTML, served on this computer only, that reloads itself
when the draft, a clause it uses or a template is saved.

The server (the standard library's ``http.server``) listens on 127.0.0.1 and answers
requests whose Host header names that address or ``localhost`` (a page elsewhere cannot
reach it through a DNS name of its own). It serves three things: the page (``/``), a
small script (``/live.js``) and a stream of server-sent events (``/events``). A watcher
thread compares the modification times of the files the last render read, every
:data:`POLL_S` seconds; after a change it renders again and the stream tells the page to
reload. A render that fails gives a page listing its problems, ``file:line:col: error:
...`` as the terminal shows them, which reloads as well once they are fixed.

What to render and which files to watch is the caller's (:data:`Render`): this module
knows neither drafts nor libraries, only pages.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from csp_draft.errors import CspDraftError, Diagnostic

HOST = "127.0.0.1"
POLL_S = 0.25  # how often the watched files are looked at
KEEP_ALIVE_S = 15.0  # a comment line on the event stream, so that proxies keep it open
SCRIPT = """\
(function () {
  var version = new URL(document.currentScript.src).searchParams.get("v");
  var events = new EventSource("/events?v=" + encodeURIComponent(version));
  events.onmessage = function () { events.close(); location.reload(); };
})();
"""


@dataclass(frozen=True)
class Page:
    """One render: the HTML page (the live script not yet in it) and the files it read."""

    html: str
    watched: Sequence[Path]


# Renders the page; raises CspDraftError for problems of the user's files.
Render = Callable[[], Page]


def problems_page(title: str, diagnostics: Sequence[Diagnostic], live_script: str) -> str:
    """A page listing ``diagnostics`` one a line, as the terminal prints them."""
    lines = "\n".join(f"<li><code>{html.escape(d.format())}</code></li>" for d in diagnostics)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{security_policy()}\n<title>{html.escape(title)}: problems</title>\n"
        f"{live_script}\n<style>body {{ font-family: sans-serif; margin: 2em; }} "
        "li { margin: .5em 0; color: #a40000; } code { white-space: pre-wrap; }</style>\n"
        "</head>\n<body>\n<h1>The document cannot be shown</h1>\n"
        f'<ul class="problems">\n{lines}\n</ul>\n'
        "<p>Fix the file and save it: this page reloads by itself.</p>\n</body>\n</html>\n")


def security_policy() -> str:
    """Nothing loads or runs but the preview's own script and event stream."""
    return ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'\">")


class LivePreview:
    """The rendered page, its version, and the watcher that renders it again."""

    def __init__(self, render: Render, title: str) -> None:
        self.render = render
        self.title = title
        self.version = 0
        self.page = ""
        self.watched: dict[Path, tuple[int, int] | None] = {}
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.on_render: Callable[[list[Diagnostic]], None] | None = None
        self.update()

    def live_script(self) -> str:
        return f'<script src="/live.js?v={self.version}"></script>'

    def update(self) -> None:
        """Render again (the next version), and remember the files to watch."""
        version = self.version + 1
        script = f'<script src="/live.js?v={version}"></script>'
        problems: list[Diagnostic] = []
        try:
            page = self.render()
            text = with_live_script(page.html, script)
            watched = list(page.watched)
        except CspDraftError as error:
            problems = error.diagnostics
            text = problems_page(self.title, problems, script)
            watched = [d.location.path for d in problems if d.location is not None]
            watched = [Path(p) for p in watched if p] + list(self.watched)
        with self.changed:
            self.page = text
            self.version = version
            self.watched = {path: _stamp(path) for path in dict.fromkeys(watched)}
            self.changed.notify_all()
        if self.on_render is not None:
            self.on_render(problems)

    def watch(self) -> None:
        """Render again whenever a watched file changes, until :meth:`stop`."""
        while not self.stopping.wait(POLL_S):
            if any(_stamp(path) != stamp for path, stamp in list(self.watched.items())):
                time.sleep(POLL_S)  # an editor that writes in steps has finished
                self.update()

    def wait_for_change(self, version: int, timeout: float) -> bool:
        """True once the page is newer than ``version``; False after ``timeout``."""
        with self.changed:
            return self.changed.wait_for(
                lambda: self.version != version or self.stopping.is_set(), timeout) \
                and self.version != version

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()


def with_live_script(page: str, script: str) -> str:
    """``page`` (as the HTML writer makes it) allowed to run the preview's script, and
    loading it."""
    head, marker, rest = page.partition("</head>")
    if not marker:
        raise ValueError("the page has no </head>")
    start = head.find('<meta http-equiv="Content-Security-Policy"')
    if start >= 0:
        end = head.index(">", start) + 1
        head = head[:start] + security_policy() + head[end:]
    return f"{head}{script}\n{marker}{rest}"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def make_server(preview: LivePreview, port: int = 0) -> http.server.ThreadingHTTPServer:
    """The server on 127.0.0.1 (``port`` 0: any free port); not yet serving."""

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "csp-draft-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows renders, not requests."""

        def do_GET(self) -> None:
            if not self._local_host():
                self._send(403, "text/plain", b"only http://127.0.0.1 may ask\n")
                return
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(200, "text/html; charset=utf-8", preview.page.encode("utf-8"))
            elif url.path == "/live.js":
                self._send(200, "text/javascript; charset=utf-8", SCRIPT.encode("utf-8"))
            elif url.path == "/events":
                seen = parse_qs(url.query).get("v", [""])[0]
                self._events(int(seen) if seen.isdigit() else -1)
            else:
                self._send(404, "text/plain", b"not found\n")

        def _local_host(self) -> bool:
            host = self.headers.get("Host", "")
            port = self.server.server_address[1]
            return host in (f"{HOST}:{port}", f"localhost:{port}")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _events(self, seen: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            with contextlib.suppress(OSError):
                while not preview.stopping.is_set():
                    if preview.version != seen or preview.wait_for_change(seen, KEEP_ALIVE_S):
                        if not preview.stopping.is_set():
                            self.wfile.write(b"data: reload\n\n")
                            self.wfile.flush()
                        return
                    self.wfile.write(b": still watching\n\n")
                    self.wfile.flush()

    server = http.server.ThreadingHTTPServer((HOST, port), Handler)
    server.daemon_threads = True
    return server


def serve(preview: LivePreview, server: http.server.ThreadingHTTPServer) -> None:
    """Serve and watch until Ctrl-C (KeyboardInterrupt, which is raised again once the
    server and the watcher have stopped)."""
    watcher = threading.Thread(target=preview.watch, name="csp-draft-watch", daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        preview.stop()
        server.server_close()
        watcher.join(timeout=5)


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"

