"""Fixtures for `make check-site`: the built book, served on loopback, read by headless Chromium.

The suite reads the book the way a reader does: Debian's Chromium (``/usr/bin/chromium``,
driven through ``/usr/bin/chromedriver`` by Selenium) opens every page over a loopback HTTP
server, on a laptop's viewport and on a phone's, waits for MathJax, clicks what a reader
clicks, and reports what it sees (reader.py). Nothing is downloaded: the driver path is
given explicitly, so Selenium Manager never runs, and Chromium resolves no host name, so the
only reachable address is the local server.

Every failure's message names the page and the element; the session also writes them all,
page by page, to ``check-site-failures.md`` beside the screenshots: a work list.

Environment:
    SITE_HTML_DIR         the built HTML (default: _build/html of the repository)
    SITE_SCREENSHOTS_DIR  where screenshots go (default: ``screenshots/`` beside the HTML dir,
                          i.e. _build/screenshots)
"""

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from booktoc import toc_files
from reader import visit

ROOT = Path(__file__).resolve().parent.parent
HTML_DIR = Path(os.environ.get("SITE_HTML_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOTS_DIR = Path(os.environ.get("SITE_SCREENSHOTS_DIR", HTML_DIR.parent / "screenshots"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Selenium Manager would try to download a browser or driver it cannot find: never let it.
os.environ["SE_OFFLINE"] = "true"


PAGES = [f"{f}.html" for f in toc_files()]   # every page of _toc.yml, in reading order


def pytest_sessionstart(session):
    if not (HTML_DIR / "index.html").exists():
        pytest.exit(f"no built book at {HTML_DIR}: run `make book` first (or set SITE_HTML_DIR)",
                    returncode=2)
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not os.access(exe, os.X_OK):
            pytest.exit(f"{exe} is missing: `make check-site` installs Debian's chromium and "
                        "chromium-driver (apt-get install chromium chromium-driver)", returncode=2)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):   # a reader's requests are not test output
        pass


@pytest.fixture(scope="session")
def base_url():
    """A loopback HTTP server over the built HTML, for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(HTML_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def driver():
    """Headless Debian Chromium with a fresh profile and the network off."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    def never(*args, **kwargs):
        raise RuntimeError("Selenium Manager would download a browser or driver; "
                           f"use {CHROMIUM} and {CHROMEDRIVER} instead")

    SeleniumManager.binary_paths = never      # the driver path is explicit: it never runs

    profile = tempfile.mkdtemp(prefix="check-site-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000", "--hide-scrollbars",
                 # No name resolves, so nothing but the loopback server (an IP) is reachable.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})   # the console, for the tests
    service = Service(executable_path=CHROMEDRIVER, log_output=os.devnull)
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(60)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


_visits = {}


def get_visit(driver, base_url, page):
    """What ``page`` shows and does, on a laptop and on a phone: visited once per session."""
    if page not in _visits:
        assert (HTML_DIR / page).is_file(), (
            f"{page}: listed in _toc.yml but not built ({HTML_DIR / page} is missing)")
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        _visits[page] = visit(driver, base_url + page,
                              SCREENSHOTS_DIR / page.removesuffix(".html").replace("/", "_"))
    return _visits[page]


@pytest.fixture
def visit_of(driver, base_url, page):
    """The visit of the test's ``page`` parameter."""
    return get_visit(driver, base_url, page)


_failures = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        callspec = getattr(item, "callspec", None)
        page = callspec.params.get("page") if callspec else None
        message = str(call.excinfo.value).split("\nassert ")[0].strip()
        _failures.append((page or "the whole book", item.originalname, message))


def _write_failures(session):
    lines = ["# make check-site: every failure, page by page", "",
             f"{len(_failures)} failed of {session.testscollected} tests run.", ""]
    in_reading_order = sorted({p for p, _, _ in _failures},
                              key=lambda p: PAGES.index(p) if p in PAGES else len(PAGES))
    for page in in_reading_order:
        lines += [f"## {page}", ""]
        lines += [f"- **{test}**: {message}" for p, test, message in _failures if p == page]
        lines.append("")
    (SCREENSHOTS_DIR / "check-site-failures.md").write_text("\n".join(lines), encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    if _failures:
        terminalreporter.write_line(
            f"every failure, page by page: {SCREENSHOTS_DIR / 'check-site-failures.md'}")


def pytest_sessionfinish(session, exitstatus):
    """An index of the screenshots, to review them in one page; the list of failures."""
    if SCREENSHOTS_DIR.is_dir():
        _write_failures(session)
    shots = sorted(SCREENSHOTS_DIR.glob("*.png")) if SCREENSHOTS_DIR.is_dir() else []
    if not shots:
        return
    items = "\n".join(f'<figure><img src="{p.name}" alt="screenshot of {p.stem}" width="640">'
                      f"<figcaption>{p.stem}</figcaption></figure>" for p in shots)
    (SCREENSHOTS_DIR / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>check-site screenshots</title>"
        "<style>figure{display:inline-block;margin:8px;font:14px sans-serif}"
        "img{border:1px solid #888}</style>\n" + items + "\n")
