"""core/svg.py: the drawing primitives the charts and the partnership network share — every text from data escaped,
long names wrapped into boxes as tall as they need."""

from django.utils.safestring import SafeString

from core import svg


def test_frame_is_one_safe_svg_with_its_label_escaped():
    picture = svg.frame(["<circle/>"], width=440, height=210, label="Доля «2» <ВПР> & ОГЭ")
    assert isinstance(picture, SafeString)
    assert picture == ('<svg viewBox="0 0 440 210" width="100%" role="img" aria-label="Доля «2» &lt;ВПР&gt; &amp; ОГЭ" '
                       'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, sans-serif" font-size="11">'
                       '<circle/></svg>')
    assert 'role="group"' in svg.frame([], width=1, height=1, role="group", font_size=12)


def test_wrap_breaks_at_spaces_and_keeps_the_number_sign_with_its_number():
    lines = svg.wrap("МАОУ гимназия № 10 ст. Старомышастовская им. Героя Советского Союза И. Ф. Рощина", 48)
    assert len(lines) == 2 and all(len(line) <= 48 for line in lines)
    assert any("№\u00a010" in line for line in lines)
    assert svg.wrap("", 48) == [""]


def test_box_grows_with_its_lines_and_escapes_text_and_link():
    one, two = ["МБОУ СОШ № 3 <площадка>"], ["Первая строка", "вторая & последняя"]
    assert svg.box_height(one, line=15) == 26 and svg.box_height(two, line=15) == 41
    drawn = svg.box(600, 30, 360, two, line=15, fill="#fff", stroke="#b42318", href="/schools/1/?a=1&b=2")
    assert drawn.startswith('<a href="/schools/1/?a=1&amp;b=2"><rect x="600" y="30" width="360" height="41" rx="5" '
                            'fill="#fff" stroke="#b42318"/>')
    assert '<tspan x="608" dy="0">Первая строка</tspan><tspan x="608" dy="15">вторая &amp; последняя</tspan>' in drawn
    plain = svg.box(20, 30, 360, one, line=15, fill="#1f5fa8", color="#fff")
    assert not plain.startswith("<a") and 'fill="#fff"><tspan' in plain and "&lt;площадка&gt;" in plain


def test_link_is_a_curve_with_an_escaped_title():
    drawn = svg.link(380, 50.4, 600, 92, color="#1e7b34", title="А → Б: Соглашение <№ 1>")
    assert drawn == ('<path d="M380,50 C490,50 490,92 600,92" fill="none" stroke="#1e7b34" stroke-width="1.6" '
                     'opacity=".75"><title>А → Б: Соглашение &lt;№ 1&gt;</title></path>')
