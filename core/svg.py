"""Inline SVG drawing shared by the charts (core/charts.py) and the partnership network (partnerships/network.py):
the picture's frame, escaped text, text wrapped into a box, a curved link between two boxes. Pictures are inline
SVG strings (no JavaScript, no CDN): every text that comes from data is escaped here, so the whole picture can be
marked safe."""

import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .formats import nobreak

FONT = "DejaVu Sans, sans-serif"  # the font the PDF reports embed: pictures look the same on the page and in print

__all__ = ["FONT", "box", "box_height", "escape", "frame", "link", "text_lines", "wrap"]


def frame(parts: list[str], *, width, height, label: str = "", role: str = "img", font_size: int = 11) -> str:
    """The <svg> element around `parts` (already drawn, escaped), as wide as its container, labelled for screen
    readers; safe to put in a page."""
    return mark_safe(  # noqa: S308 — every part is escaped where drawn, the label here
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="{role}" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="{font_size}">{"".join(parts)}</svg>')


def wrap(text: str, chars: int) -> list[str]:
    """A long name in lines of at most `chars` characters, broken at spaces only («№» stays with its number)."""
    return textwrap.wrap(nobreak(text), chars, break_on_hyphens=False) or [""]


def text_lines(x, top, lines: list[str], *, line: int, fill: str = "") -> str:
    """Lines one under another from `top` (a <text> with a <tspan> per line)."""
    fill = f' fill="{fill}"' if fill else ""
    spans = "".join(f'<tspan x="{x}" dy="{line if i else 0}">{escape(text)}</tspan>' for i, text in enumerate(lines))
    return f'<text x="{x}" y="{top + 17:.0f}"{fill}>{spans}</text>'


def box_height(lines: list[str], *, line: int) -> int:
    return 11 + line * len(lines)


def box(x, top, width, lines: list[str], *, line: int, fill: str, stroke: str = "", color: str = "",
        href: str = "") -> str:
    """A rounded box as tall as its wrapped text (`wrap`), the text inside (in `color`), a link when `href`."""
    stroke = f' stroke="{stroke}"' if stroke else ""
    drawn = (f'<rect x="{x}" y="{top:.0f}" width="{width}" height="{box_height(lines, line=line)}" rx="5" '
             f'fill="{fill}"{stroke}/>{text_lines(x + 8, top, lines, line=line, fill=color)}')
    return f'<a href="{escape(href)}">{drawn}</a>' if href else drawn


def link(x1, y1, x2, y2, *, color: str, title: str = "", bend: int = 110) -> str:
    """A curve from the right edge of one box to the left edge of another, its `title` shown on hover."""
    return (f'<path d="M{x1},{y1:.0f} C{x1 + bend},{y1:.0f} {x2 - bend},{y2:.0f} {x2},{y2:.0f}" fill="none" '
            f'stroke="{color}" stroke-width="1.6" opacity=".75"><title>{escape(title)}</title></path>')
