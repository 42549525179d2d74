"""The municipal support network drawn as an inline SVG: leader schools and sites on the left, the schools
they support on the right, one line per active agreement (no JavaScript, no CDN); and the same network as a list,
which phones show instead of the picture."""

from core import svg
from core.natural import natural_key

TOP, WIDTH, GAP = 30, 980, 8
LEFT_X, RIGHT_X, BOX_W = 20, 600, 360
LINE, CHARS = 15, 48  # a name's line height; characters that fit a box's line at font-size 12, with room to spare
COLORS = {"leader": "#1f5fa8", "site": "#1e7b34"}
OTHER_COLOR, SUPPORTED_STROKE = "#7b3fa0", "#b42318"


def _lines(name: str) -> list[str]:
    """A school's whole name in lines that fit its box (names are long: «… им. Героя Советского Союза …»)."""
    return svg.wrap(name, CHARS)


def _box_height(lines: list[str]) -> int:
    return svg.box_height(lines, line=LINE)


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
    parts = [f'<text x="{LEFT_X}" y="18" font-weight="bold">Школы-лидеры и площадки</text>',
             f'<text x="{RIGHT_X}" y="18" font-weight="bold">Сопровождаемые школы</text>']
    for a in agreements:
        leader_id, supported_id = a.designation.school_id, a.supported_school_id
        parts.append(svg.link(LEFT_X + BOX_W, left_top[leader_id] + _box_height(left_lines[leader_id]) / 2,
                              RIGHT_X, right_top[supported_id] + _box_height(right_lines[supported_id]) / 2,
                              color=COLORS.get(leaders[leader_id][1], OTHER_COLOR),
                              title=f"{a.designation.school} → {a.supported_school}: {a}"))
    for school_id, (school, kind, _position) in leaders.items():
        parts.append(svg.box(LEFT_X, left_top[school_id], BOX_W, left_lines[school_id], line=LINE,
                             fill=COLORS.get(kind, OTHER_COLOR), color="#fff", href=school.get_absolute_url()))
    for school_id, (school, _position) in supported.items():
        parts.append(svg.box(RIGHT_X, right_top[school_id], BOX_W, right_lines[school_id], line=LINE, fill="#fff",
                             stroke=SUPPORTED_STROKE, href=school.get_absolute_url()))
    return svg.frame(parts, width=WIDTH, height=height, label="Сеть сопровождения", role="group", font_size=12)


def network_groups(agreements) -> list[tuple]:
    """[(leader school, designation kind, [agreements…]), …]: each leader school or site with the schools it
    supports, names in natural order (the agreements as `network_svg` gets them: no query)."""
    groups: dict[int, tuple] = {}
    for a in sorted(agreements, key=lambda a: (natural_key(a.designation.school.short_name),
                                               natural_key(a.supported_school.short_name))):
        groups.setdefault(a.designation.school_id, (a.designation.school, a.designation.kind, []))[2].append(a)
    return list(groups.values())
