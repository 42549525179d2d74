"""The support network on a phone: the same agreements as a list of leader schools and the
schools they support, shown instead of the picture on narrow screens."""

import re
from pathlib import Path

from django.urls import reverse

from partnerships.models import Agreement

from ..factories import AgreementFactory, DesignationFactory, SchoolFactory


def test_network_page_lists_leaders_with_the_schools_they_support(client_for, methodologist_a, muni_a, school_a1,
                                                                  school_a2):
    leader = DesignationFactory(school=school_a2)
    AgreementFactory(designation=leader, supported_school=school_a1, active=True)
    eleventh = SchoolFactory(municipality=muni_a, short_name="МБОУ СОШ № 11 ст. Динской")
    AgreementFactory(designation=leader, supported_school=eleventh, active=True)
    AgreementFactory(designation=leader, supported_school=SchoolFactory(municipality=muni_a))  # a draft: not shown
    html = client_for(methodologist_a).get(reverse("partnerships:network")).content.decode()
    listing = html[html.index('<ul class="network-list">'):]
    listing = listing[:listing.index("</section>")]
    assert school_a2.short_name in listing and leader.kind.short_name in listing
    supported = re.findall(r'<li><a href="[^"]+">([^<]+)</a><div class="muted small">', listing)
    assert supported == [school_a1.short_name, eleventh.short_name]  # № 1 before № 11
    assert Agreement.objects.count() == 3 and listing.count("Соглашение №") == 2
    css = Path("static/css/portal.css").read_text()
    assert ".network-graph { display: none; }" in css and ".network-list { display: block; }" in css


def test_network_picture_shows_whole_names_wrapped_in_taller_boxes(client_for, methodologist_a, muni_a, school_a1):
    long_leader = SchoolFactory(municipality=muni_a, short_name="МАОУ гимназия № 9 ст. Динская им. Героя Советского "
                                                                "Союза И. Ф. Рощина")
    long_supported = SchoolFactory(municipality=muni_a, short_name="МАОУ гимназия № 10 ст. Старомышастовская им. "
                                                                   "Героя Советского Союза И. Ф. Рощина")
    leader = DesignationFactory(school=long_leader)
    AgreementFactory(designation=leader, supported_school=long_supported, active=True)
    AgreementFactory(designation=leader, supported_school=school_a1, active=True)
    html = client_for(methodologist_a).get(reverse("partnerships:network")).content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "…" not in svg
    texts = {" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", t)).replace("\u00a0", " "): t
             for t in re.findall(r"<text x=\"\d+\" y=\"\d+\"[^>]*>(.*?)</text>", svg)}
    assert long_leader.short_name in texts and long_supported.short_name in texts  # whole, in two lines
    assert texts[long_supported.short_name].count("<tspan") == 2 and texts[school_a1.short_name].count("<tspan") == 1
    assert "№\u00a010" in texts[long_supported.short_name]  # «№» is not left at a line end
    # the supported schools' boxes: the long name's box is taller, and the next box starts below it
    boxes = [(int(y), int(h)) for y, h in re.findall(r'<rect x="600" y="(\d+)" width="360" height="(\d+)"', svg)]
    assert len(boxes) == 2 and sorted(h for _y, h in boxes) == [26, 41]
    (y1, h1), (y2, _h2) = sorted(boxes)
    assert y2 >= y1 + h1
