"""Small inline SVG line charts (no JavaScript, no CDN): a school's values over the years against a threshold.

The legend is HTML beside the picture (`chart_blocks`), so long names wrap instead of being cut, and a year
without a value in any series of a chart gets no place on its axis."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

COLORS = ["#1f5fa8", "#b26a00", "#1e7b34", "#7b3fa0", "#b42318", "#00838f"]
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 440, 210, 40, 92, 12, 26
PER_CHART = len(COLORS)  # series in one picture: more would share colours


def _with_data(series: list[tuple[str, list[tuple[str, float | None]]]]):
    """The series without the x positions where no series has a value (and without series that have none)."""
    if not series:
        return []
    keep = [i for i in range(len(series[0][1])) if any(points[i][1] is not None for _name, points in series)]
    return [(name, [points[i] for i in keep]) for name, points in series
            if any(points[i][1] is not None for i in keep)]


def _axis_top(series, threshold: float | None) -> float:
    """The top of the value axis: the first of 20, 40, 60, 80, 100 above the largest value and the threshold with
    some room (shares of 30–40 % are not squeezed into the bottom third of a 0–100 axis; the quarter lines stay
    whole numbers)."""
    values = [v for _name, points in series for _x, v in points if v is not None]
    top = max([*values, *([threshold * 1.25] if threshold is not None else [])], default=0.0)
    return next((t for t in (20.0, 40.0, 60.0, 80.0) if top <= t), 100.0)


def line_chart(series: list[tuple[str, list[tuple[str, float | None]]]], *, threshold: float | None = None,
               threshold_label: str = "", y_max: float | None = None, y_suffix: str = " %", title: str = "") -> str:
    """series: [(name, [(x label, y or None), ...]), ...] sharing the same x labels; series n is drawn in
    COLORS[n] (the caller's legend uses the same colours). Years where no series has a value are left out;
    without `y_max` the axis ends at the values' (and threshold's) level rounded up to 25."""
    series = _with_data(series)
    xs = [x for x, _y in series[0][1]] if series else []
    if not xs:
        return ""
    y_max = y_max or _axis_top(series, threshold)
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    step = plot_w / max(len(xs) - 1, 1)

    def px(i):
        return PAD_L + (i * step if len(xs) > 1 else plot_w / 2)

    def py(v):
        return PAD_T + plot_h * (1 - min(max(v, 0), y_max) / y_max)

    parts = [f'<svg viewBox="0 0 {W} {H}" width="100%" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="11">']
    for k in range(5):
        v = y_max * k / 4
        y = py(v)
        parts.append(f'<line x1="{PAD_L}" x2="{PAD_L + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>')
        label = f"{v:.0f}{y_suffix}".replace(".", ",")
        parts.append(f'<text x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#616e7c">{label}</text>')
    for i, x in enumerate(xs):
        parts.append(f'<text x="{px(i):.1f}" y="{H - 8}" text-anchor="middle" fill="#616e7c">{escape(x)}</text>')
    if threshold is not None:
        y = py(threshold)
        parts.append(f'<line x1="{PAD_L}" x2="{PAD_L + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b42318" '
                     f'stroke-dasharray="6 4" stroke-width="1.5"/>')
        parts.append(f'<text x="{PAD_L + plot_w + 6}" y="{y + 4:.1f}" fill="#b42318">{escape(threshold_label)}</text>')
    for n, (name, points) in enumerate(series):
        color = COLORS[n % len(COLORS)]
        coords = [(px(i), py(v)) for i, (_x, v) in enumerate(points) if v is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (x, y), (xl, v) in zip(coords, [p for p in points if p[1] is not None], strict=True):
            value = f"{v:.1f}".replace(".", ",")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"><title>{escape(name)}, '
                         f'{escape(xl)}: {value}{y_suffix}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text above is escaped


def axis_top(series: list[dict], threshold: float | None = None) -> float:
    """One value axis for every picture of a chart's series ({"name", "points", …}), so they compare."""
    return _axis_top([(s["name"], s["points"]) for s in series], threshold)


def chart_blocks(series: list[dict], *, threshold: float | None = None, threshold_label: str = "",
                 title: str = "", y_max: float | None = None) -> list[dict]:
    """Series ({"name", "points", "state", "note"}) in pictures of at most PER_CHART, in the given order:
    [{"svg", "legend": [{"color", "name", "note", "state"}, …]}, …] (no picture for series without values)."""
    y_max = y_max or axis_top(series, threshold)
    blocks = []
    for start in range(0, len(series), PER_CHART):
        chunk = [s for s in series[start:start + PER_CHART] if any(v is not None for _x, v in s["points"])]
        if not chunk:
            continue
        svg = line_chart([(s["name"], s["points"]) for s in chunk], threshold=threshold,
                         threshold_label=threshold_label, title=title, y_max=y_max)
        blocks.append({"svg": svg, "legend": [{"color": COLORS[n % len(COLORS)], "name": s["name"],
                                               "note": s.get("note", ""), "state": s.get("state", "")}
                                              for n, s in enumerate(chunk)]})
    return blocks
