"""{% link_to %} and core.registries.link_for: one helper decides both the link and the access."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from core import registries


class Page:
    def __init__(self, pk, owner):
        self.pk, self.owner = pk, owner

    def get_absolute_url(self):
        return f"/pages/{self.pk}/"


class Owner:
    is_authenticated = True

    def __init__(self, name):
        self.name = name


@pytest.fixture
def rules():
    registries.register_link_rule(Page, lambda user, page: page.owner == user.name)
    registries.register_link_rule(Page, lambda user, page: True, name="print", url=lambda p: f"/pages/{p.pk}/print/")
    yield
    registries._LINKS.pop((Page, ""), None)
    registries._LINKS.pop((Page, "print"), None)


def _render(source, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load portal %}" + source).render(Context({"request": request, **context}))


def test_a_link_for_those_who_may_open_it_the_label_for_the_others(rules):
    page = Page(7, "ann")
    source = '{% link_to page class="btn" %}<b>{{ title }}</b>{% endlink %}'
    assert _render(source, Owner("ann"), page=page, title="Страница & Co") == (
        '<a href="/pages/7/" class="btn"><b>Страница &amp; Co</b></a>')
    assert _render(source, Owner("bob"), page=page, title="Страница & Co") == "<b>Страница &amp; Co</b>"


def test_else_says_what_the_others_see(rules):
    source = "{% link_to page %}почему →{% else %}{% endlink %}|"
    assert _render(source, Owner("bob"), page=Page(1, "ann")) == "|"
    assert _render(source, Owner("ann"), page=Page(1, "ann")) == '<a href="/pages/1/">почему →</a>|'


def test_a_named_link_of_a_model_and_no_object(rules):
    assert _render('{% link_to page "print" %}PDF{% endlink %}', Owner("bob"), page=Page(3, "ann")) == (
        '<a href="/pages/3/print/">PDF</a>')
    assert _render("{% link_to page %}нет{% endlink %}", Owner("bob"), page=None) == "нет"
    assert registries.link_for(Owner("ann"), Page(3, "ann")) == "/pages/3/"
    assert registries.link_for(None, Page(3, "ann")) is None


def test_an_object_without_a_rule_is_a_programming_error():
    with pytest.raises(LookupError, match="No link rule for Page"):
        _render("{% link_to page %}x{% endlink %}", Owner("ann"), page=Page(1, "ann"))
    with pytest.raises(TemplateSyntaxError):
        Template("{% load portal %}{% link_to %}x{% endlink %}")


def test_every_model_with_a_page_that_templates_link_across_scopes_has_a_rule():
    from identification.models import Run, SchoolStatus
    from partnerships.models import Agreement, Designation
    from roadmaps.models import RiskProfile, Roadmap
    from schools.models import School

    for model in (School, SchoolStatus, Run, Designation, Agreement, Roadmap, RiskProfile):
        assert (model, "") in registries._LINKS, model
    assert (Roadmap, "risk_profile") in registries._LINKS


@pytest.mark.django_db
def test_a_region_runs_why_page_links_the_school_card_only_for_those_who_see_the_school(
        client_for, methodologist_a, muni_a, muni_b):
    """A region-wide run is read by municipal staff of every municipality of the region; the card of a school of
    another municipality is not theirs to open (404), so the why page offers no link to it."""
    from accounts.models import Role
    from identification import services
    from identification.models import Methodology
    from tests.factories import make_user
    from tests.identification.test_runs import struggling_municipality

    admin = make_user(Role.ADMIN, email="admin@example.ru")
    schools_b = struggling_municipality(muni_b)
    run = services.create_run(actor=admin, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=None, start_year=2024)
    run = services.compute_run(run=run)
    client = client_for(methodologist_a)
    why = client.get(f"/identification/runs/{run.pk}/schools/{schools_b[0].pk}/")
    assert why.status_code == 200
    card = schools_b[0].get_absolute_url()
    assert f'href="{card}"' not in why.content.decode() and client.get(card).status_code == 404
    html = client_for(admin).get(f"/identification/runs/{run.pk}/schools/{schools_b[0].pk}/").content.decode()
    assert f'href="{card}"' in html
