"""Small inline SVG line charts (no JavaScript, no CDN): a school's values over the years against a threshold."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

COLORS = ["#1f5fa8", "#b26a00", "#1e7b34", "#7b3fa0", "#b42318", "#00838f"]
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 560, 220, 44, 150, 14, 28


def line_chart(series: list[tuple[str, list[tuple[str, float | None]]]], *, threshold: float | None = None,
               threshold_label: str = "", y_max: float = 100.0, y_suffix: str = " %", title: str = "") -> str:
    """series: [(name, [(x label, y or None), ...]), ...] sharing the same x labels."""
    xs = [x for x, _y in series[0][1]] if series else []
    if not xs:
        return ""
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
        for (x, y), (_xl, v) in zip(coords, [p for p in points if p[1] is not None], strict=True):
            value = f"{v:.1f}".replace(".", ",")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"><title>{escape(name)}: '
                         f'{value}{y_suffix}</title></circle>')
        parts.append(f'<rect x="{PAD_L + plot_w + 6}" y="{PAD_T + 18 + 16 * n}" width="10" height="10" '
                     f'fill="{color}"/><text x="{PAD_L + plot_w + 20}" y="{PAD_T + 27 + 16 * n}">'
                     f'{escape(name[:22])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text above is escaped
