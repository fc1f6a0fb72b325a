# ruff: noqa: E501 -- the checks are JavaScript run in the page, kept readable as written
"""Layout and accessibility checks the browser tests share: screenshots kept for the test output,
controls reachable and uncovered, labels not clipped, and axe-core (from web/node_modules) run locally."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
SIZES: dict[str, ViewportSize] = {"desktop": DESKTOP, "phone": PHONE}


def screenshot_dir(fallback: Path) -> Path:
    """MYGEMINI_E2E_SCREENSHOTS when set, else the test's own temporary directory."""
    where = Path(os.environ.get("MYGEMINI_E2E_SCREENSHOTS") or fallback)
    where.mkdir(parents=True, exist_ok=True)
    return where


def shoot(page: Page, where: Path, name: str, *, full_page: bool = False) -> Path:
    """Save a PNG and print its path, so the test output says where to look."""
    path = where / f"{re.sub(r'[^a-z0-9_.-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


# For every visible control: scrolled to the middle of the window, is it inside the window's width
# and the topmost thing at its own centre (itself or something inside it)? And is any text cut
# short (its content wider than its box)?
_LAYOUT_JS = """
() => {
  const problems = [];
  const W = window.innerWidth;
  const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder')
    || el.getAttribute('name') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    if (el.closest('[hidden], [aria-hidden="true"], .sr-only, dialog:not([open])')) return false;
    // The body of a closed <details> keeps its boxes but is not shown.
    const closed = el.closest('details:not([open])');
    return !closed || el.closest('summary') !== null;
  };
  // The nearest box that scrolls sideways (a carousel): its cards are reached by scrolling it.
  const scroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX) && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > W + 1) {
    problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${W}px`);
  }
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [role=switch], [tabindex="0"]')];
  for (const el of controls) {
    // The skip link waits above the page until it is focused.
    if (!shown(el) || el.classList.contains('skip-link')) continue;
    // Inside a sideways-scrolling row (a carousel) only the part in view can be reached.
    el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    // Visually hidden inputs inside a card: the card (their label) is the control people touch.
    const target = (s.opacity === '0' && el.labels && el.labels[0]) ? el.labels[0] : el;
    const row = scroller(el);
    const tr = (row || target).getBoundingClientRect();
    if (tr.left < -1 || tr.right > W + 1) {
      problems.push(`outside the window: ${where(target)} "${name(target)}" (${Math.round(tr.left)}..${Math.round(tr.right)} of ${W})`);
      continue;
    }
    // The centre of what shows of it (inside its carousel, if any).
    const left = Math.max(r.left, row ? tr.left : 0), right = Math.min(r.right, row ? tr.right : W);
    const x = Math.min(Math.max((left + right) / 2, 0), W - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (!hit) continue;
    if (hit === el || el.contains(hit) || (target !== el && (target === hit || target.contains(hit)))) continue;
    problems.push(`covered: ${where(el)} "${name(el)}" is under ${where(hit)}`);
  }
  window.scrollTo(0, 0);
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el)) continue;
    const s = getComputedStyle(el);
    if (s.display === 'inline' || ['IMG', 'SVG', 'svg', 'CANVAS', 'VIDEO', 'INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText) continue;
    // A box that scrolls on purpose is not a clipped label.
    if (['auto', 'scroll'].includes(s.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`clipped text: ${where(el)} "${name(el)}" (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
  }
  return problems;
}
"""


def layout_problems(page: Page) -> list[str]:
    return list(page.evaluate(_LAYOUT_JS))


def assert_layout(page: Page, where: str = "") -> None:
    problems = layout_problems(page)
    assert not problems, f"layout problems {where}:\n" + "\n".join(problems)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is (the local copy, never a CDN).
    The page's context needs `bypass_csp=True`: the app's CSP rightly refuses injected scripts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160)) }));
        }"""
    )
    return list(result)


def scroll_boxes(page: Page, root: str) -> list[str]:
    """Elements under `root` that scroll up and down on their own (a page should have one scroll)."""
    return list(
        page.evaluate(
            """(root) => [...document.querySelectorAll(root + ' *')].filter((el) => {
                 const s = getComputedStyle(el);
                 return ['auto', 'scroll'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
               }).map((el) => el.tagName.toLowerCase() + '.' + String(el.className))""",
            root,
        )
    )
