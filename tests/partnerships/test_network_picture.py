"""The network picture is drawn with core/svg.py's primitives: the same SVG, byte for byte, as before the move (its
digest was taken from the drawing written in partnerships/network.py itself)."""

import hashlib
from types import SimpleNamespace

from partnerships.network import network_svg

DIGEST_LEN, DIGEST = 3078, "e7fdbf5f6ec58ed2d287bbf3385796b9bcb7b801fd9b1381db3f177f66a99c50"


class _School:
    def __init__(self, pk, name):
        self.pk, self.short_name = pk, name

    def get_absolute_url(self):
        return f"/schools/{self.pk}/?a=1&b=2"

    def __str__(self):
        return self.short_name


class _Agreement(SimpleNamespace):
    def __str__(self):
        return f"Соглашение № {self.number} <с «кавычками» & амперсандом>"


def _agreements():
    leader = _School(1, "МАОУ гимназия № 9 ст. Динская им. Героя Советского Союза И. Ф. Рощина")
    site = _School(2, "МБОУ СОШ № 3 <площадка>")
    supported = [_School(10 + i, name) for i, name in enumerate((
        "МАОУ гимназия № 10 ст. Старомышастовская им. Героя Советского Союза И. Ф. Рощина",
        "МБОУ СОШ № 11 ст. Динской", "МБОУ ООШ № 7 х. Карла Маркса & Ко"))]
    leading = SimpleNamespace(school=leader, school_id=1, kind=SimpleNamespace(code="leader"))
    hosting = SimpleNamespace(school=site, school_id=2, kind=SimpleNamespace(code="site"))
    other = SimpleNamespace(school=_School(3, "Школа прочего статуса"), school_id=3, kind=SimpleNamespace(code="x"))
    return [_Agreement(number=n, designation=d, supported_school=s, supported_school_id=s.pk)
            for n, (d, s) in enumerate([(leading, supported[0]), (leading, supported[1]), (hosting, supported[1]),
                                        (hosting, supported[2]), (other, supported[0])], start=1)]


def test_network_picture_is_the_same_svg():
    svg = str(network_svg(_agreements()))
    assert svg.startswith('<svg viewBox="0 0 980 ') and svg.endswith("</svg>")
    assert "&lt;площадка&gt;" in svg and "<площадка>" not in svg
    assert (len(svg), hashlib.sha256(svg.encode()).hexdigest()) == (DIGEST_LEN, DIGEST)


def test_no_agreements_no_picture():
    assert network_svg([]) == ""
