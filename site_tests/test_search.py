"""The book's search page, as a reader uses it (`make check-site`).

Sphinx's search is run in Chromium on the built index, with the book's own ranking and
snippets (_ext/book_search.js): the results a query lists, in their order, and the snippet
under each. A chapter that a fork of the book has dropped skips the test that names it.
"""

import re
from urllib.parse import quote

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PAGES, SCREENSHOTS_DIR

_results = {}

# Snippets are prose: no TeX source, no line of code.
NOT_PROSE = [
    ("TeX", re.compile(r"\\[A-Za-z]+|\\[()\[\]]|\$|[_^]\{")),
    ("an import line", re.compile(r"(^|\s)(import \w|from [\w.]+ import )")),
]
QUERIES = ["sigmoid prime", "backpropagation through time", "BP1", "gradient", "delta",
           "learning rate", "softmax"]


def search(driver, base_url, query):
    """[(href, title, snippet)] of the results for ``query``, best first, snippets loaded."""
    if query not in _results:
        driver.get(f"{base_url}search.html?q={quote(query)}")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(
            "const s = document.querySelector('#search-results .search-summary');"
            "return !!s && /found|did not match/i.test(s.textContent)"))
        # Each snippet comes from fetching its page; results of code objects have none.
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("""
            return [...document.querySelectorAll('#search-results ul.search > li')]
                .every(li => li.querySelector('p.context, span'))"""))
        _results[query] = driver.execute_script("""
            return [...document.querySelectorAll('#search-results ul.search > li')].map(li => [
                li.querySelector('a').getAttribute('href'), li.querySelector('a').textContent,
                (li.querySelector('p.context') || {}).textContent || null])""")
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS_DIR / f"search-{query.replace(' ', '_')}.png"))
    return _results[query]


def _page_of(href):
    return href.split("#")[0].split("?")[0]


def _needs(page):
    if page not in PAGES:
        pytest.skip(f"{page} is not in this book's _toc.yml")


def test_search_for_bp1_lists_the_four_equations(driver, base_url):
    _needs("chapters/four_equations.html")
    hits = [_page_of(h) for h, _, _ in search(driver, base_url, "BP1")]
    assert "chapters/four_equations.html" in hits, (
        f"search.html: searching for 'BP1' did not list chapters/four_equations.html; it listed {hits}")


def test_search_for_sigmoid_prime_lists_the_chapter_that_uses_it_most(driver, base_url):
    _needs("chapters/learning_slowdown.html")
    hits = [_page_of(h) for h, _, _ in search(driver, base_url, "sigmoid prime")]
    assert "chapters/learning_slowdown.html" in hits, (
        "search.html: searching for 'sigmoid prime' did not list chapters/learning_slowdown.html "
        f"(Why learning is slow); it listed {hits}")


def test_search_for_a_chapter_title_lists_that_chapter_first_and_once(driver, base_url):
    _needs("chapters/bptt.html")
    results = search(driver, base_url, "backpropagation through time")
    hits = [_page_of(h) for h, _, _ in results]
    assert hits and hits[0] == "chapters/bptt.html", (
        "search.html: searching for 'backpropagation through time' did not list "
        f"chapters/bptt.html first; it listed {hits}")
    assert hits.count("chapters/bptt.html") == 1, (
        f"search.html: 'backpropagation through time' lists chapters/bptt.html "
        f"{hits.count('chapters/bptt.html')} times: {[(h, t) for h, t, _ in results if _page_of(h) == hits[0]]}")


@pytest.mark.parametrize("query", QUERIES)
def test_search_snippets_are_prose(query, driver, base_url):
    results = search(driver, base_url, query)
    assert results, f"search.html: searching for {query!r} found nothing"
    bad = [f"{href}: {name} in ‘{' '.join(snippet[max(0, m.start() - 40):m.end() + 40].split())}’"
           for href, _, snippet in results if snippet
           for name, pattern in NOT_PROSE if (m := pattern.search(snippet))]
    assert not bad, f"search.html: snippets for {query!r} that are not prose:" + "".join(
        f"\n  - {b}" for b in bad)


BOOK_MATH = [   # TeX of the book (its macros included) → what a snippet shows
    (r"\(\deltal = \pd{C}{z^l}\)", "δˡ = ∂C/∂zˡ"),
    (r"\(\sigma(z) = \frac{1}{1+e^{-z}}\)", "σ(z) = 1/(1+e⁻ᶻ)"),
    (r"\((w^{l+1})^\T \delta^{l+1} \hadamard \sigmap(z^l)\)", "(wˡ⁺¹)ᵀδˡ⁺¹ ⊙ σ′(zˡ)"),
    (r"\(\partial E_\text{total} / \partial \mathit{out}_{h1}\)", "∂Eₜₒₜₐₗ/∂outₕ₁"),
    (r"\(C = \tfrac12 (y - a)^2\)", "C = 1/2(y-a)²"),
    (r"\(\R^{n \times m}\)", "ℝ^(n × m)"),
    (r"\(\tanh z\)", "tanh z"),
]


def test_search_snippets_write_the_books_math_as_text(driver, base_url):
    search(driver, base_url, "BP1")           # the search page, with the book's script loaded
    assert driver.execute_script("return typeof Search.bookTexToText === 'function'"), (
        "search.html: the book's search script (_ext/book_search.js) is not loaded")
    got = [(tex, driver.execute_script("return Search.bookTexToText(arguments[0])", tex), want)
           for tex, want in BOOK_MATH]
    wrong = [f"{tex} → ‘{text}’, not ‘{want}’" for tex, text, want in got if text != want]
    assert not wrong, "search.html: snippets write math wrongly:" + "".join(f"\n  - {w}" for w in wrong)
