"""The shared chart module (core.charts) as the dashboards and the annual report use it: n beside and in the hover
title of every figure, escaped text, pictures that WeasyPrint draws."""

from core import charts
from core.pdf import html_to_pdf


def test_bar_chart_writes_value_and_n():
    svg = charts.bar_chart([{"label": "ШНОР <b>", "value": 76.6, "n": 141, "tone": "bad"},
                            {"label": "другие школы", "value": None, "n": 0}], target=85, target_label="цель")
    assert "76,6 % (n = 141)" in svg.replace("<tspan fill=\"#616e7c\">", "").replace("</tspan>", "")
    assert "<title>ШНОР &lt;b&gt;: 76,6 %, n = 141</title>" in svg
    assert "нет данных, n = 0" in svg and "<b>" not in svg
    assert "цель 85,0" in svg


def test_line_points_carry_n_and_traffic_light():
    svg = charts.line_chart([("Школа", [("2023/2024", 70.0, 25), ("2024/2025", 75.5, 28)])], threshold=80)
    assert "<title>Школа, 2024/2025: 75,5 %, n = 28</title>" in svg
    light = charts.traffic_light("ok", text="90 %", n=30)
    assert 'fill="#1e7b34"' in light and "цель достигнута: 90 %, n = 30" in light


def test_small_multiples_skip_indicators_without_values_and_count_axes():
    out = charts.small_multiples([
        {"title": "Пустой", "series": [("A", [("2024/2025", None, None)])]},
        {"title": "Пропуски", "y_suffix": "", "series": [("A", [("2023/2024", 310.0, 5), ("2024/2025", 250.0, 5)])]}])
    assert [p["title"] for p in out] == ["Пропуски"]
    assert ">400<" in out[0]["svg"]  # a count axis above 100 rounds up, a share stays at 100


def test_weasyprint_draws_the_svg():
    svg = charts.bar_chart([{"label": "ШНОР", "value": 50.0, "n": 10}])
    pdf = html_to_pdf(f"<html><body><div style='width:16cm'>{svg}</div>{charts.traffic_light('bad')}</body></html>")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
