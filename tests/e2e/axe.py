"""Accessibility and phone-width checks for the browser tests.

axe-core comes from npm (package.json, pinned in package-lock.json; ``make test`` runs ``npm ci`` when node_modules is
missing) and is injected into the page from that file by the test: the portal never loads it, and nothing comes from
a CDN. It is evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not govern.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# What fails a test: axe's two highest impacts. "moderate" and "minor" findings are reported, not fatal.
FATAL_IMPACTS = ("serious", "critical")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 768}

_source = None


def _axe_source():
    global _source
    if _source is None:
        if not AXE_JS.exists():
            raise AssertionError(f"{AXE_JS} is missing: run `npm ci` (make test does it) to install axe-core.")
        _source = AXE_JS.read_text(encoding="utf-8")
    return _source


def axe_violations(page, impacts=FATAL_IMPACTS):
    """axe-core's WCAG 2 A/AA violations of ``impacts`` on the page as it is now: ["rule: target …", …]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           targets: v.nodes.slice(0, 5).map(n => n.target.join(" ") +
                                             (v.id === "color-contrast" ? ` [${(n.any[0] || {}).message || ""}]` : ""))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['targets'])}" for v in results if v["impact"] in impacts
    ]


def sideways_overflow(page):
    """How many pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def widest_elements(page, limit=5):
    """The elements that stick out past the right edge: what to fix when ``sideways_overflow`` is not 0."""
    return page.evaluate(
        """(limit) => {
            const w = window.innerWidth, out = [];
            for (const el of document.querySelectorAll("body *")) {
                const r = el.getBoundingClientRect();
                if (r.right > w + 1 && r.width > 0) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}px`);
            }
            return out.slice(-limit);
        }""",
        limit,
    )
