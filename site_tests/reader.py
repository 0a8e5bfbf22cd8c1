"""A reader's visit to one page: what a laptop and a phone show, and what clicking does.

Each page is loaded twice, once per viewport, in the session's one Chromium:

* **desktop**, 1280 × 1000: the page's report (``js/collect.js``: math, images, links, copy
  buttons...), screenshots, every solution clicked open (``js/solutions.js``), the sidebar
  button clicked twice, then the widths of everything (``js/measure.js``);
* **phone**, 390 × 844 (a mobile viewport: the page's ``<meta viewport>`` applies): a
  screenshot, the widths, then the menu button and the contents button clicked.

Every SEVERE entry of the browser's console during a visit is kept. The tests in
test_site.py and test_reading.py judge the visit; nothing here asserts.
"""

from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

VIEWPORTS = {"desktop": (1280, 1000, False), "phone": (390, 844, True)}
JS_DIR = Path(__file__).resolve().parent / "js"
# The themes animate sidebars and dropdowns (for about 0.3 s): nothing is measured mid-way.
ANIMATIONS_DONE = "document.getAnimations().every(a => a.playState !== 'running')"


def script(name):
    return (JS_DIR / name).read_text(encoding="utf-8")


def set_viewport(driver, name):
    width, height, mobile = VIEWPORTS[name]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def severe_console_entries(driver):
    """The console's errors since the last call (failed loads, uncaught exceptions...)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _visible(driver, selector):
    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def _wait(driver, js, timeout=3):
    """True once ``js`` (an expression) is true in the page and its animations have ended,
    False after ``timeout`` s."""
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.1).until(
            lambda d: d.execute_script(f"return !!({js}) && {ANIMATIONS_DONE}"))
        return True
    except WebDriverException:
        return False


def _click(driver, element):
    """A real click, as a reader's: scrolled into view, on what is drawn at that spot."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    try:
        element.click()
        return None
    except WebDriverException as err:   # e.g. another element would receive the click
        return err.msg.split("\n")[0]


def open_solutions(driver):
    """Each solution before and after a real click on its toggle button."""
    before = driver.execute_script(script("solutions.js"), "before")
    for solution in before:
        solution["click_error"] = None
        if solution["button"]:
            button = driver.find_element(By.CSS_SELECTOR, solution["button"])
            solution["click_error"] = _click(driver, button)
    _wait(driver, "true")                 # until every dropdown has finished opening
    after = driver.execute_script(script("solutions.js"), "after")
    for b, a in zip(before, after):
        b["parts_after"] = a["parts"]
    return before


_SIDEBAR_SHOWN = ("document.getElementById('pst-primary-sidebar')"
                  ".checkVisibility({opacityProperty: true, visibilityProperty: true})")


def toggle_desktop_sidebar(driver):
    """Click the visible sidebar button twice: does the sidebar go, then come back?"""
    buttons = _visible(driver, ".primary-toggle")
    if not buttons:
        return "no visible sidebar button (.primary-toggle)"
    if not driver.execute_script(f"return {_SIDEBAR_SHOWN}"):
        return "the sidebar is hidden before any click"
    error = _click(driver, buttons[0])
    if error or not _wait(driver, f"!{_SIDEBAR_SHOWN}"):
        return error or "a click on the sidebar button left the sidebar in place"
    error = _click(driver, buttons[0])
    if error or not _wait(driver, _SIDEBAR_SHOWN):
        return error or "a second click on the sidebar button did not bring the sidebar back"
    return None


def _open_dialog(driver, button_selector, dialog_id, content_selector, what):
    buttons = _visible(driver, button_selector)
    if not buttons:
        return f"no visible {what} button ({button_selector})"
    error = _click(driver, buttons[0])
    shown = (f"document.getElementById('{dialog_id}').open && [...document.querySelectorAll("
             f"'#{dialog_id} {content_selector}')].some(a => a.checkVisibility())")
    if error or not _wait(driver, shown):
        return error or f"a click on the {what} button did not open it (#{dialog_id} stays closed or empty)"
    driver.execute_script(f"document.getElementById('{dialog_id}').close()")
    return None


def open_phone_menus(driver):
    """Click the menu button, then the contents button: does each open its panel?"""
    menu = _open_dialog(driver, ".primary-toggle", "pst-primary-sidebar-modal",
                        "nav a.reference", "menu (site navigation)")
    has_contents = driver.execute_script(
        "return !!document.querySelector('#pst-secondary-sidebar .page-toc a, #pst-secondary-sidebar nav a')")
    contents = (_open_dialog(driver, ".secondary-toggle", "pst-secondary-sidebar-modal",
                             "a", "contents (this page)") if has_contents else None)
    return {"menu": menu, "contents": contents, "has_contents": has_contents}


def load(driver, url, viewport):
    """Open ``url`` at ``viewport``; return the page's report once math and images are done."""
    set_viewport(driver, viewport)
    driver.get(url)
    report = driver.execute_async_script(script("collect.js"))
    report["url"] = url
    return report


def _screenshot(driver, path):
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(path))


def _dark_screenshot(driver, path):
    """The page's first figure, in the theme's dark mode."""
    driver.execute_script("""
        document.documentElement.dataset.theme = 'dark';
        document.documentElement.dataset.mode = 'dark';
        document.querySelector('.cell_output img, figure img').scrollIntoView({block: 'center'});""")
    driver.save_screenshot(str(path))
    driver.execute_script("""
        document.documentElement.dataset.theme = 'light';
        document.documentElement.dataset.mode = 'light';""")


def visit(driver, url, screenshots):
    """Everything the tests judge about the page at ``url``, laptop then phone.

    ``screenshots`` is the path prefix of this page's screenshots (``<dir>/<page>``).
    """
    severe_console_entries(driver)                      # forget the previous page's
    desktop = load(driver, url, "desktop")
    if "error" in desktop:
        return {"desktop": desktop, "phone": {}}
    _screenshot(driver, f"{screenshots}.png")
    if any(i["figure"] for i in desktop["images"]):
        _dark_screenshot(driver, f"{screenshots}-dark.png")
    desktop["solutions"] = open_solutions(driver)
    desktop["sidebar_toggle"] = toggle_desktop_sidebar(driver)
    desktop["widths"] = driver.execute_script(script("measure.js"))
    desktop["console"] = severe_console_entries(driver)

    phone = load(driver, url, "phone")
    if "error" not in phone:
        _screenshot(driver, f"{screenshots}-phone.png")
        phone["widths"] = driver.execute_script(script("measure.js"))
        phone["menus"] = open_phone_menus(driver)
    phone["console"] = severe_console_entries(driver)
    set_viewport(driver, "desktop")
    return {"desktop": desktop, "phone": phone}
