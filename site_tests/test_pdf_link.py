"""Every page of the book links to the PDF edition, and the link leads to the PDF.

The link is the first entry of the theme's download menu ("book .pdf"), added by
_latex/book_latex.py; the PDF is the one `make pdf` builds and copies into the root of
the HTML (CI and the published site run `make pdf` before `make check-site`).
"""

import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML_DIR, PAGES, ROOT

PDF_NAME = Path(yaml.safe_load((ROOT / "_config.yml").read_text())
                ["latex"]["latex_documents"]["targetname"]).with_suffix(".pdf").name
LINK = "a.btn-download-book-pdf-button"


def _links(page):
    soup = BeautifulSoup((HTML_DIR / page).read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select(LINK)]


@pytest.mark.parametrize("page", PAGES)
def test_page_links_to_the_pdf_edition(page):
    links = _links(page)
    assert len(links) == 1, (
        f"{page}: {len(links)} links to the PDF ({LINK}), expected one")
    target = urljoin(f"http://book/{page}", links[0])
    assert target == f"http://book/{PDF_NAME}", (
        f"{page}: the PDF link {links[0]!r} leads to {target[len('http://book/'):]!r}, "
        f"not to {PDF_NAME} at the root of the site")


def test_the_pdf_link_serves_the_pdf(base_url):
    url = urljoin(base_url, PDF_NAME)
    try:
        with urlopen(url, timeout=30) as response:
            kind, head = response.headers.get_content_type(), response.read(5)
    except HTTPError as error:
        pytest.fail(f"{PDF_NAME} is not beside the HTML ({error}): `make pdf` builds "
                    f"it and copies it into {HTML_DIR}")
    assert head == b"%PDF-", f"{url} does not hold a PDF (starts {head!r})"
    assert kind == "application/pdf", f"{url} is served as {kind}"


def test_the_download_menu_shows_the_pdf_link(driver, base_url):
    """A reader opens a chapter's download menu and sees the link to the whole book."""
    from selenium.webdriver.common.by import By

    page = PAGES[1]
    driver.get(urljoin(base_url, page))
    driver.find_element(By.CSS_SELECTOR, ".dropdown-download-buttons button").click()
    link = driver.find_element(By.CSS_SELECTOR, LINK)
    deadline = time.monotonic() + 5
    while not link.is_displayed() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert link.is_displayed(), f"{page}: the download menu opens without the PDF link"
    assert "book .pdf" in link.text, f"{page}: the PDF link reads {link.text!r}"
