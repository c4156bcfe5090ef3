"""Keyboard-only driving of a page (Tab, Shift-Tab, Enter, Space; no mouse) and the checks of what a keyboard or
screen-reader user meets: an accessible name on every control and a visible focus indicator."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

CONTROLS = ("main input:not([type=hidden]), main select, main textarea, main button, nav input, nav button, "
            "form input:not([type=hidden])")

FOCUS_VISIBLE_JS = """
const element = document.activeElement;
const style = getComputedStyle(element);
const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
const shadow = style.boxShadow && style.boxShadow !== 'none';
const underline = style.textDecorationLine.includes('underline') && element.tagName === 'A';
return outline || shadow || underline;
"""

DESCRIBE_JS = """
const element = document.activeElement;
return element === document.body ? 'body' :
  element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
  + (element.name ? '[name=' + element.name + ']' : '')
  + ` "${(element.innerText || element.value || '').trim().slice(0, 40)}"`;
"""


def press(browser, *keys) -> None:
    actions = ActionChains(browser)
    for key in keys:
        actions.send_keys(key)
    actions.perform()


def active(browser):
    return browser.switch_to.active_element


def describe_focus(browser) -> str:
    return browser.execute_script(DESCRIBE_JS)


def tab_to(browser, css: str, *, limit: int = 200, backwards: bool = False):
    """Press Tab (or Shift-Tab) until an element matching `css` has the focus; that element."""
    for _step in range(limit):
        if browser.execute_script("return document.activeElement.matches(arguments[0]);", css):
            return active(browser)
        press(browser, *(Keys.SHIFT, Keys.TAB) if backwards else (Keys.TAB,))
        if backwards:
            ActionChains(browser).key_up(Keys.SHIFT).perform()
    raise AssertionError(f"{css} cannot be reached with the keyboard; focus stayed at {describe_focus(browser)}")


def type_into(browser, css: str, text: str) -> None:
    element = tab_to(browser, css)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(text)


def unnamed_controls(browser) -> list[str]:
    """Every visible form control and button whose computed accessible name (Chromium's, through WebDriver) is
    empty: what a screen reader would announce without a name."""
    problems = []
    for element in browser.find_elements("css selector", CONTROLS):
        if not element.is_displayed():
            continue
        if not (element.accessible_name or "").strip():
            problems.append(element.get_attribute("outerHTML")[:120])
    return problems


def focus_problems(browser, *, steps: int = 30) -> list[str]:
    """Tab from the top of the page: the first stop is the skip link, and each of the next `steps` stops shows
    a visible focus indicator (outline, box shadow or, for links, an underline)."""
    browser.execute_script(  # start where a fresh visit's Tab starts, before an `autofocus` field took the focus
        "const start = document.createElement('span'); start.tabIndex = -1; document.body.prepend(start);"
        "start.focus(); window.scrollTo(0, 0);")
    press(browser, Keys.TAB)
    problems = []
    if browser.execute_script("return document.activeElement.getAttribute('href');") != "#main":
        problems.append(f"first Tab stop is {describe_focus(browser)}, not the skip link")
    seen = set()
    for _step in range(steps):
        where = describe_focus(browser)
        if where == "body" or where in seen:
            break
        seen.add(where)
        if not browser.execute_script(FOCUS_VISIBLE_JS):
            problems.append(f"no visible focus on {where}")
        press(browser, Keys.TAB)
    return problems
