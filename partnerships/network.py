"""The municipal support network drawn as an inline SVG: leader schools and sites on the left, the schools
they support on the right, one line per active agreement (no JavaScript, no CDN); and the same network as a list,
which phones show instead of the picture."""

import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.formats import nobreak
from core.natural import natural_key

TOP, WIDTH, GAP = 30, 980, 8
LEFT_X, RIGHT_X, BOX_W = 20, 600, 360
LINE, CHARS = 15, 48  # a name's line height; characters that fit a box's line at font-size 12, with room to spare
COLORS = {"leader": "#1f5fa8", "site": "#1e7b34"}


def _lines(name: str) -> list[str]:
    """A school's whole name in lines that fit its box (names are long: «… им. Героя Советского Союза …»);
    «№» stays with its number."""
    return textwrap.wrap(nobreak(name), CHARS, break_on_hyphens=False) or [""]


def _box_height(lines: list[str]) -> int:
    return 11 + LINE * len(lines)


def _text(x: int, top: int, lines: list[str], fill: str = "") -> str:
    fill = f' fill="{fill}"' if fill else ""
    spans = "".join(f'<tspan x="{x}" dy="{LINE if i else 0}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text x="{x}" y="{top + 17:.0f}"{fill}>{spans}</text>'


def _stack(ids: list[int], lines: dict[int, list[str]]) -> tuple[dict[int, int], int]:
    """The tops of a column's boxes, each as tall as its name, one under another from TOP; and the column's end."""
    tops, y = {}, TOP
    for i in ids:
        tops[i] = y
        y += _box_height(lines[i]) + GAP
    return tops, y


def network_svg(agreements) -> str:
    if not agreements:
        return ""
    leaders, supported = {}, {}
    for a in agreements:
        leaders.setdefault(a.designation.school_id, (a.designation.school, a.designation.kind.code))
    for position, leader_id in enumerate(sorted(leaders, key=lambda i: leaders[i][0].short_name)):
        leaders[leader_id] = (*leaders[leader_id], position)
    for a in sorted(agreements, key=lambda a: leaders[a.designation.school_id][2]):
        supported.setdefault(a.supported_school_id, (a.supported_school, len(supported)))
    left_lines = {i: _lines(school.short_name) for i, (school, _kind, _pos) in leaders.items()}
    right_lines = {i: _lines(school.short_name) for i, (school, _pos) in supported.items()}
    left_top, left_end = _stack(sorted(leaders, key=lambda i: leaders[i][2]), left_lines)
    right_top, right_end = _stack(sorted(supported, key=lambda i: supported[i][1]), right_lines)
    height = max(left_end, right_end) + TOP - GAP
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="group" aria-label="Сеть сопровождения" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="12">',
             f'<text x="{LEFT_X}" y="18" font-weight="bold">Школы-лидеры и площадки</text>',
             f'<text x="{RIGHT_X}" y="18" font-weight="bold">Сопровождаемые школы</text>']

    for a in agreements:
        kind = leaders[a.designation.school_id][1]
        y1 = left_top[a.designation.school_id] + _box_height(left_lines[a.designation.school_id]) / 2
        y2 = right_top[a.supported_school_id] + _box_height(right_lines[a.supported_school_id]) / 2
        x1, x2 = LEFT_X + BOX_W, RIGHT_X
        title = escape(f"{a.designation.school} → {a.supported_school}: {a}")
        parts.append(f'<path d="M{x1},{y1:.0f} C{x1 + 110},{y1:.0f} {x2 - 110},{y2:.0f} {x2},{y2:.0f}" fill="none" '
                     f'stroke="{COLORS.get(kind, "#7b3fa0")}" stroke-width="1.6" opacity=".75"><title>{title}</title>'
                     f'</path>')
    for school_id, (school, kind, _position) in leaders.items():
        top, lines = left_top[school_id], left_lines[school_id]
        parts.append(f'<a href="{escape(school.get_absolute_url())}"><rect x="{LEFT_X}" y="{top:.0f}" '
                     f'width="{BOX_W}" height="{_box_height(lines)}" rx="5" fill="{COLORS.get(kind, "#7b3fa0")}"/>'
                     f'{_text(LEFT_X + 8, top, lines, "#fff")}</a>')
    for school_id, (school, _position) in supported.items():
        top, lines = right_top[school_id], right_lines[school_id]
        parts.append(f'<a href="{escape(school.get_absolute_url())}"><rect x="{RIGHT_X}" y="{top:.0f}" '
                     f'width="{BOX_W}" height="{_box_height(lines)}" rx="5" fill="#fff" stroke="#b42318"/>'
                     f'{_text(RIGHT_X + 8, top, lines)}</a>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped


def network_groups(agreements) -> list[tuple]:
    """[(leader school, designation kind, [agreements…]), …]: each leader school or site with the schools it
    supports, names in natural order (the agreements as `network_svg` gets them: no query)."""
    groups: dict[int, tuple] = {}
    for a in sorted(agreements, key=lambda a: (natural_key(a.designation.school.short_name),
                                               natural_key(a.supported_school.short_name))):
        groups.setdefault(a.designation.school_id, (a.designation.school, a.designation.kind, []))[2].append(a)
    return list(groups.values())
