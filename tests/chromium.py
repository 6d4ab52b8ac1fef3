"""A small driver for headless Chromium (and poppler's pdfinfo/pdftoppm) used by the browser tests.

Every run starts a fresh Chromium with a new, temporary profile and everything that could reach
the network switched off. :func:`require` fails (never skips) when a tool is missing: CI installs
Debian's ``chromium`` and ``poppler-utils`` (see ``.ci/run``).

:func:`page_requests` drives Chromium over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: the browser reads commands on fd 3 and writes on fd 4, each message
JSON followed by a NUL byte), enables the Network domain and records every request the page
makes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--font-render-hinting=none",
]
TIMEOUT = 60


def require() -> None:
    """Fail the calling test when Chromium or poppler's tools are missing."""
    missing = [
        tool
        for tool in (CHROMIUM, "pdfinfo", "pdftoppm", "pdftotext")
        if (shutil.which(tool) if "/" not in tool else (tool if Path(tool).exists() else None))
        is None
    ]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: install Debian's chromium and poppler-utils "
            "(.ci/run does)"
        )


def _run(args: list[str], workdir: Path) -> subprocess.CompletedProcess[str]:
    require()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=workdir
        )


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print *html* to *pdf* (A4 comes from the page's ``@page`` rule); return *pdf*."""
    result = _run(
        ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.resolve().as_uri()], pdf.parent
    )
    if not pdf.exists():
        raise AssertionError(f"chromium wrote no PDF: {result.stderr[-2000:]}")
    return pdf


def screenshot(html: Path, png: Path, width: int = 900, height: int = 1200) -> Path:
    """Take a screenshot of *html* at *width* x *height* pixels into *png*; return *png*."""
    result = _run(
        [f"--screenshot={png}", f"--window-size={width},{height}", html.resolve().as_uri()],
        png.parent,
    )
    if not png.exists():
        raise AssertionError(f"chromium wrote no screenshot: {result.stderr[-2000:]}")
    return png


def dump_dom(html: Path) -> str:
    """Return the DOM of *html* after loading (scripts, if any could run, would have run)."""
    result = _run(["--dump-dom", html.resolve().as_uri()], html.parent)
    if "<html" not in result.stdout:
        raise AssertionError(f"chromium dumped no DOM: {result.stderr[-2000:]}")
    return result.stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    """Return ``pdfinfo``'s fields for *pdf*."""
    require()
    output = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=TIMEOUT
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in output.splitlines())
    }


def page_size(pdf: Path) -> tuple[float, float]:
    """The first page's size in points, from ``pdfinfo``."""
    found = re.match(r"([0-9.]+) x ([0-9.]+) pts", pdf_info(pdf)["Page size"])
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def pdf_pages(pdf: Path, prefix: Path, dpi: int = 60, gray: bool = False) -> list[Path]:
    """Convert every page of *pdf* to PNG (``<prefix>-N.png``); return the files in order."""
    require()
    args = ["pdftoppm", "-r", str(dpi), "-png"]
    if gray:
        args.append("-gray")
    subprocess.run([*args, str(pdf), str(prefix)], check=True, timeout=TIMEOUT)
    pages = sorted(
        prefix.parent.glob(f"{prefix.name}-*.png"),
        key=lambda path: int(path.stem.rsplit("-", 1)[1]),
    )
    return pages


def pdf_gray(pdf: Path, dpi: int = 100, page: int = 1) -> tuple[int, int, bytes]:
    """Render *page* (from 1) of *pdf* in 8-bit grayscale; return width, height and pixels."""
    require()
    data = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
        timeout=TIMEOUT,
    ).stdout
    return _read_pgm(data)


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Read a binary PGM (P5) image with maxval 255."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P5" or fields[3] != b"255":
        raise AssertionError(f"unexpected image header {fields!r}")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1 : position + 1 + width * height]
    return width, height, pixels


def png_size(png: Path) -> tuple[int, int]:
    """Width and height of a PNG file, from its header; fails when it is not a PNG."""
    data = png.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{png} is no PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def word_boxes(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Every word on *page* (from 1) of *pdf* with its box in points (x0, y0, x1, y1), from
    ``pdftotext -bbox``."""
    require()
    output = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    ).stdout
    pattern = re.compile(
        r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>'
    )
    return [
        (match[5], float(match[1]), float(match[2]), float(match[3]), float(match[4]))
        for match in pattern.finditer(output)
    ]


def page_requests(pages: list[Path], settle: float = 0.5) -> list[list[Request]]:
    """Load each of *pages* in turn in one Chromium driven over a DevTools pipe; return, for
    each page, every request it started (a request blocked by the page's
    Content-Security-Policy is recorded with ``blocked="csp"``: it never left the browser).

    The Network domain is enabled on a blank page first, then each page is loaded; requests are
    collected until its load event fires and *settle* seconds have passed.
    """
    return [visit.requests for visit in visit_pages(pages, settle=settle)]


@dataclasses.dataclass
class Visit:
    """What loading a page gave: every request it started, the value of the expression
    evaluated in it (JSON-like), and the exceptions its scripts threw and the errors the
    browser logged (a script or resource the Content-Security-Policy blocked, say)."""

    requests: list[Request]
    value: Any = None
    errors: list[str] = dataclasses.field(default_factory=list)


def visit_pages(
    pages: list[Path], expression: str | None = None, settle: float = 0.5
) -> list[Visit]:
    """Load each of *pages* in turn in one Chromium driven over a DevTools pipe (see
    :func:`page_requests`) and, once it has loaded and settled, evaluate *expression* (a
    JavaScript expression; a promise is awaited) in it."""
    require()
    workdir = Path(tempfile.mkdtemp(prefix="cdp-"))
    profile = workdir / "profile"
    to_browser_read, to_browser_write = os.pipe()
    from_browser_read, from_browser_write = os.pipe()
    command = [
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "--remote-debugging-pipe",
        "about:blank",
    ]
    # The child sees our pipe ends as fd 3 (it reads) and fd 4 (it writes).
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(3, 4),
        preexec_fn=_dup_fds(to_browser_read, from_browser_write),
    )
    os.close(to_browser_read)
    os.close(from_browser_write)
    client = _Pipe(to_browser_write, from_browser_read)
    try:
        targets = client.call("Target.getTargets")["targetInfos"]
        page = next(target for target in targets if target["type"] == "page")
        session = client.call(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )["sessionId"]
        client.call("Network.enable", session=session)
        client.call("Page.enable", session=session)
        if expression is not None:
            client.call("Runtime.enable", session=session)
            client.call("Log.enable", session=session)
        client.drain()
        results: list[Visit] = []
        for html in pages:
            client.call("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
            errors: list[str] = []
            visit = Visit(_collect(client, settle, errors), errors=errors)
            if expression is not None:
                answer = client.call(
                    "Runtime.evaluate",
                    {"expression": expression, "returnByValue": True, "awaitPromise": True},
                    session=session,
                )
                if "exceptionDetails" in answer:
                    raise AssertionError(f"{html}: {answer['exceptionDetails']}")
                visit.value = answer["result"].get("value")
            client.backlog.clear()
            results.append(visit)
        return results
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def _collect(
    client: _Pipe, settle: float, errors: list[str] | None = None
) -> list[Request]:
    """Collect requests until the load event and *settle* seconds after it (and, in *errors*,
    the exceptions scripts threw and the errors the browser logged)."""
    requests: dict[str, Request] = {}
    deadline = time.monotonic() + TIMEOUT
    loaded_at: float | None = None
    while time.monotonic() < deadline:
        if loaded_at is not None and time.monotonic() > loaded_at + settle:
            return list(requests.values())
        message = client.receive(0.1)
        if message is None:
            continue
        method = message.get("method")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            requests[params["requestId"]] = Request(params["request"]["url"])
        elif method == "Network.loadingFailed" and params.get("requestId") in requests:
            requests[params["requestId"]].blocked = params.get("blockedReason")
        elif method == "Page.loadEventFired":
            loaded_at = time.monotonic()
        elif errors is not None and method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
        elif errors is not None and method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                errors.append(entry.get("text", "error"))
    raise AssertionError("the page never finished loading")


@dataclasses.dataclass
class Request:
    """A request the page started; ``blocked`` names why the browser stopped it (``csp``)."""

    url: str
    blocked: str | None = None


def _dup_fds(read_fd: int, write_fd: int) -> Any:
    def setup() -> None:
        # Move both ends out of the way first, so that dup2 cannot clobber one with the other.
        high_read = os.dup(read_fd)
        high_write = os.dup(write_fd)
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)

    return setup


class _Pipe:
    """DevTools protocol over a pair of pipes: JSON messages separated by NUL bytes."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd = write_fd
        self.read_fd = read_fd
        self.buffer = b""
        self.next_id = 0
        self.backlog: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode("utf-8") + b"\0")
        return self.next_id

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        number = self.send(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            message = self._read(0.5)
            if message is None:
                continue
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method} failed: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.backlog.append(message)
        raise AssertionError(f"no answer to {method}")

    def drain(self) -> None:
        """Forget the events received so far (those of the blank start page)."""
        self.backlog.clear()
        while self._read(0.05) is not None:
            pass

    def receive(self, timeout: float) -> dict[str, Any] | None:
        if self.backlog:
            return self.backlog.pop(0)
        return self._read(timeout)

    def _read(self, timeout: float) -> dict[str, Any] | None:
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.read_fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.read_fd, 65536)
            if not chunk:
                raise AssertionError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def close(self) -> None:
        for fd in (self.write_fd, self.read_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
