"""Checks run on every page of the browser audit: horizontal overflow and axe-core (WCAG 2.1 AA)."""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

OVERFLOW_JS = """
const found = [];
const page = document.documentElement;
if (page.scrollWidth > page.clientWidth) {
  found.push(`page: scrollWidth ${page.scrollWidth} > clientWidth ${page.clientWidth}`);
}
for (const table of document.querySelectorAll('main table')) {
  const box = table.parentElement;
  if (box.scrollWidth > box.clientWidth + 1) {
    const name = table.caption ? table.caption.textContent.trim() : (table.id || table.className);
    found.push(`table "${name}": container scrollWidth ${box.scrollWidth} > clientWidth ${box.clientWidth}`);
  }
}
return found;
"""

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                   resultTypes: ['violations']})
  .then(results => done(results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


def axe_source() -> str:
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` (make test does)")
    return AXE_JS.read_text(encoding="utf-8")


def overflow(driver) -> list[str]:
    return driver.execute_script(OVERFLOW_JS)


def axe_violations(driver, source: str) -> list[str]:
    """Serious and critical axe-core violations of the current page, one line each."""
    if not driver.execute_script("return typeof window.axe !== 'undefined';"):
        driver.execute_script(source)
    violations = driver.execute_async_script(AXE_RUN_JS)
    return [f"{v['impact']} {v['id']}: {v['help']} at {', '.join(v['nodes'])}"
            for v in violations if v["impact"] in BLOCKING_IMPACTS]


def set_width(driver, width: int, height: int = 900) -> None:
    """An exact CSS viewport; a narrow one behaves as a phone (the viewport meta tag applies)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
