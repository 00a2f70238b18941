"""What the browser tests share besides fixtures: viewports, where screenshots go, and the overflow checks."""

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


WIDEST = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
    + ' «' + (e.textContent || '').trim().slice(0, 30) + '»')"""


def too_wide(page) -> list[str]:
    """The innermost elements that stick out of the viewport (what to fix when overflow() > 0)."""
    return page.evaluate(WIDEST)
