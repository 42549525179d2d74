"""The support network on a phone (issue 12, part 8): the same agreements as a list of leader schools and the
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
