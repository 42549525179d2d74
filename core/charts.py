"""The portal's one chart module: small inline SVG pictures (no JavaScript, no CDN) that the pages and the PDFs
(WeasyPrint draws inline SVG) both use.

- `line_chart` / `chart_blocks`: values over the years against a threshold (identification's evidence, an
  indicator's trend against its target); the legend is HTML beside the picture (`chart_blocks`), so long names
  wrap instead of being cut, and a year without a value in any series of a chart gets no place on its axis;
- `bar_chart`: one bar per group or school with its value and n written beside it;
- `traffic_light`: a coloured dot for a value against its target;
- `small_multiples`: one small line chart per indicator, on a shared layout.

Every figure carries its n: in the <title> that a browser shows on hover and, for bars, beside the bar. A point is
`(x, y)` or `(x, y, n)`. The drawing primitives (frame, escaping) are core/svg.py's, shared with other pictures."""

from django.utils.safestring import mark_safe

from . import svg
from .formats import ru_decimal
from .svg import escape

COLORS = ["#1f5fa8", "#b26a00", "#1e7b34", "#7b3fa0", "#b42318", "#00838f"]
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 440, 210, 40, 92, 12, 26
PER_CHART = len(COLORS)  # series in one picture: more would share colours


def fmt(value: float | None, digits: int = 1) -> str:
    """12.5 → «12,5» (core.formats.ru_decimal: a decimal comma); None → «—»."""
    return ru_decimal(value, digits)


def _n_text(n) -> str:
    return f", n = {n}" if n is not None else ""


def _point(p) -> tuple:
    """(x, y) or (x, y, n) → (x, y, n)."""
    return (p[0], p[1], p[2] if len(p) > 2 else None)


def _with_data(series: list[tuple[str, list[tuple]]]):
    """The series without the x positions where no series has a value (and without series that have none)."""
    if not series:
        return []
    series = [(name, [_point(p) for p in points]) for name, points in series]
    keep = [i for i in range(len(series[0][1])) if any(points[i][1] is not None for _name, points in series)]
    return [(name, [points[i] for i in keep]) for name, points in series
            if any(points[i][1] is not None for i in keep)]


def _axis_top(series, threshold: float | None) -> float:
    """The top of the value axis: the first of 20, 40, 60, 80, 100 above the largest value and the threshold with
    some room (shares of 30–40 % are not squeezed into the bottom third of a 0–100 axis; the quarter lines stay
    whole numbers)."""
    values = [p[1] for _name, points in series for p in points if p[1] is not None]
    top = max([*values, *([threshold * 1.25] if threshold is not None else [])], default=0.0)
    if max([*values, *([threshold] if threshold is not None else []), 0]) > 100:  # counts: the next round hundred, …
        step = 10 ** (len(str(int(top))) - 1)
        return float(-(-top // step) * step)
    return next((t for t in (20.0, 40.0, 60.0, 80.0) if top <= t), 100.0)


def line_chart(series: list[tuple[str, list[tuple[str, float | None]]]], *, threshold: float | None = None,
               threshold_label: str = "", y_max: float | None = None, y_suffix: str = " %", title: str = "") -> str:
    """series: [(name, [(x label, y or None), ...]), ...] sharing the same x labels; series n is drawn in
    COLORS[n] (the caller's legend uses the same colours). Years where no series has a value are left out;
    without `y_max` the axis ends at the values' (and threshold's) level rounded up to 25."""
    series = _with_data(series)
    xs = [p[0] for p in series[0][1]] if series else []
    if not xs:
        return ""
    y_max = y_max or _axis_top(series, threshold)
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    step = plot_w / max(len(xs) - 1, 1)

    def px(i):
        return PAD_L + (i * step if len(xs) > 1 else plot_w / 2)

    def py(v):
        return PAD_T + plot_h * (1 - min(max(v, 0), y_max) / y_max)

    parts = []
    for k in range(5):
        v = y_max * k / 4
        y = py(v)
        parts.append(f'<line x1="{PAD_L}" x2="{PAD_L + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>')
        label = f"{ru_decimal(v, 0)}{y_suffix}"
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
        coords = [(px(i), py(v)) for i, (_x, v, _n) in enumerate(points) if v is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for (x, y), (xl, v, n) in zip(coords, [p for p in points if p[1] is not None], strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"><title>{escape(name)}, '
                         f'{escape(xl)}: {fmt(v)}{y_suffix}{_n_text(n)}</title></circle>')
    return svg.frame(parts, width=W, height=H, label=title)  # every interpolated text above is escaped


def axis_top(series: list[dict], threshold: float | None = None) -> float:
    """One value axis for every picture of a chart's series ({"name", "points", …}), so they compare."""
    return _axis_top([(s["name"], [_point(p) for p in s["points"]]) for s in series], threshold)


def chart_blocks(series: list[dict], *, threshold: float | None = None, threshold_label: str = "",
                 title: str = "", y_max: float | None = None) -> list[dict]:
    """Series ({"name", "points", "state", "note"}) in pictures of at most PER_CHART, in the given order:
    [{"svg", "legend": [{"color", "name", "note", "state"}, …]}, …] (no picture for series without values)."""
    y_max = y_max or axis_top(series, threshold)
    blocks = []
    for start in range(0, len(series), PER_CHART):
        chunk = [s for s in series[start:start + PER_CHART] if any(p[1] is not None for p in s["points"])]
        if not chunk:
            continue
        svg = line_chart([(s["name"], s["points"]) for s in chunk], threshold=threshold,
                         threshold_label=threshold_label, title=title, y_max=y_max)
        blocks.append({"svg": svg, "legend": [{"color": COLORS[n % len(COLORS)], "name": s["name"],
                                               "note": s.get("note", ""), "state": s.get("state", "")}
                                              for n, s in enumerate(chunk)]})
    return blocks


# ---- bars, traffic lights, small multiples (monitoring's dashboards and the annual report) -----------------

TONES = {"ok": "#1e7b34", "warn": "#b26a00", "bad": "#b42318", "": "#9aa5b1"}
TONE_LABELS = {"ok": "цель достигнута", "warn": "близко к цели", "bad": "цель не достигнута", "": "нет цели или данных"}


def bar_chart(bars: list[dict], *, y_suffix: str = " %", target: float | None = None, target_label: str = "",
              title: str = "", x_max: float | None = None) -> str:
    """Horizontal bars: [{"label", "value", "n", "tone"?, "note"?}, …] in the given order; each bar's value and n are
    written beside it and in its <title>; a bar without a value shows «нет данных». A target is a dashed line."""
    if not bars:
        return ""
    values = [b["value"] for b in bars if b.get("value") is not None]
    top = max([*values, *([target] if target is not None else []), 0.0])
    x_max = x_max or (next((t for t in (1, 2, 5, 10, 20, 40, 60, 80, 100) if top <= t), top * 1.1) or 1)
    label_w, value_w, row_h, width = 190, 120, 22, W + 120
    plot_w = width - label_w - value_w
    height = PAD_T + row_h * len(bars) + 16

    def px(v):
        return label_w + plot_w * min(max(v, 0), x_max) / x_max

    parts = []
    for i, bar in enumerate(bars):
        y = PAD_T + i * row_h
        label = str(bar["label"])
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="#1f2933">'
                     f'<title>{escape(label)}</title>{escape(short)}</text>')
        value, n = bar.get("value"), bar.get("n")
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 14}" fill="#616e7c">нет данных{escape(_n_text(n))}</text>')
            continue
        color = TONES.get(bar.get("tone", ""), COLORS[0]) if bar.get("tone") else COLORS[0]
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(px(value) - label_w, 1):.1f}" height="{row_h - 7}" '
                     f'fill="{color}"><title>{escape(label)}: {fmt(value)}{y_suffix}{_n_text(n)}'
                     f'{escape(" — " + bar["note"]) if bar.get("note") else ""}</title></rect>')
        parts.append(f'<text x="{px(value) + 5:.1f}" y="{y + 14}" fill="#1f2933">{fmt(value)}{y_suffix}'
                     f'<tspan fill="#616e7c">{" (n = " + str(n) + ")" if n is not None else ""}</tspan></text>')
    if target is not None:
        x = px(target)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_T - 4}" y2="{height - 12}" stroke="#b42318" '
                     f'stroke-dasharray="5 3" stroke-width="1.5"><title>{escape(target_label)}: {fmt(target)}'
                     f'{y_suffix}</title></line>')
        parts.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" fill="#b42318">'
                     f'{escape(target_label)} {fmt(target)}</text>')
    return svg.frame(parts, width=width, height=height, label=title)  # every interpolated text above is escaped


def traffic_light(tone: str, *, text: str = "", n: int | None = None) -> str:
    """A dot in the tone's colour («ok», «warn», «bad», "" for no target) with its meaning, the value and n as its
    title (and the meaning for screen readers)."""
    label = TONE_LABELS.get(tone, TONE_LABELS[""])
    hover = f"{label}{': ' + text if text else ''}{_n_text(n)}"
    return mark_safe(  # noqa: S308 — escaped
        f'<svg class="light" viewBox="0 0 14 14" width="14" height="14" role="img" aria-label="{escape(hover)}" '
        f'xmlns="http://www.w3.org/2000/svg"><circle cx="7" cy="7" r="6" fill="{TONES.get(tone, TONES[""])}">'
        f'<title>{escape(hover)}</title></circle></svg>')


def small_multiples(items: list[dict], *, y_suffix: str = " %") -> list[dict]:
    """One small picture per item ({"title", "series": [(name, points)], "target"?, "target_label"?, "y_suffix"?}):
    [{"title", "svg", "legend": [{"color", "name"}]}] — the same layout for every indicator, so they read side by
    side (items without values give no picture)."""
    out = []
    for item in items:
        svg = line_chart(item["series"], threshold=item.get("target"), threshold_label=item.get("target_label", ""),
                         y_suffix=item.get("y_suffix", y_suffix), title=item["title"],
                         y_max=item.get("y_max"))
        if svg:
            out.append({"title": item["title"], "svg": svg,
                        "legend": [{"color": COLORS[k % len(COLORS)], "name": name}
                                   for k, (name, _points) in enumerate(item["series"])]})
    return out
