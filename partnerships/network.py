"""The municipal support network drawn as an inline SVG: leader schools and sites on the left, the schools
they support on the right, one line per active agreement (no JavaScript, no CDN); and the same network as a list,
which phones show instead of the picture."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.natural import natural_key

ROW, TOP, WIDTH = 34, 30, 980
LEFT_X, RIGHT_X, BOX_W = 20, 600, 360
COLORS = {"leader": "#1f5fa8", "site": "#1e7b34"}


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    height = TOP * 2 + ROW * max(len(leaders), len(supported))
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="Сеть сопровождения" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="12">',
             f'<text x="{LEFT_X}" y="18" font-weight="bold">Школы-лидеры и площадки</text>',
             f'<text x="{RIGHT_X}" y="18" font-weight="bold">Сопровождаемые школы</text>']

    def y_of(position):
        return TOP + position * ROW + ROW / 2

    for a in agreements:
        _school, kind, lpos = leaders[a.designation.school_id]
        _s, rpos = supported[a.supported_school_id]
        y1, y2 = y_of(lpos), y_of(rpos)
        x1, x2 = LEFT_X + BOX_W, RIGHT_X
        title = escape(f"{a.designation.school} → {a.supported_school}: {a}")
        parts.append(f'<path d="M{x1},{y1:.0f} C{x1 + 110},{y1:.0f} {x2 - 110},{y2:.0f} {x2},{y2:.0f}" fill="none" '
                     f'stroke="{COLORS.get(kind, "#7b3fa0")}" stroke-width="1.6" opacity=".75"><title>{title}</title>'
                     f'</path>')
    for school, kind, position in leaders.values():
        y = y_of(position)
        parts.append(f'<a href="{escape(school.get_absolute_url())}"><rect x="{LEFT_X}" y="{y - 13:.0f}" '
                     f'width="{BOX_W}" height="26" rx="5" fill="{COLORS.get(kind, "#7b3fa0")}"/>'
                     f'<text x="{LEFT_X + 8}" y="{y + 4:.0f}" fill="#fff">{escape(_short(school.short_name))}'
                     f'</text></a>')
    for school, position in supported.values():
        y = y_of(position)
        parts.append(f'<a href="{escape(school.get_absolute_url())}"><rect x="{RIGHT_X}" y="{y - 13:.0f}" '
                     f'width="{BOX_W}" height="26" rx="5" fill="#fff" stroke="#b42318"/>'
                     f'<text x="{RIGHT_X + 8}" y="{y + 4:.0f}">{escape(_short(school.short_name))}</text></a>')
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
