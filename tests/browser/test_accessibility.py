"""Accessibility: axe-core — the npm registry's package, unpacked by scripts/setup.sh under
.cache/ and injected from the disk — on the main pages of each role: no serious or critical violations (labels tied
to their inputs, names of buttons and links, contrast, landmarks…)."""

import os
from pathlib import Path

import pytest

from roadmaps.selectors import current_start_year

from ..factories import ActivityFactory, AgreementFactory, DesignationFactory, RoadmapFactory, SchoolYearFactory

AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING = ("serious", "critical")

pytestmark = pytest.mark.skipif(not AXE.exists() and not os.environ.get("CI"),
                                reason="нет axe-core: запустите scripts/setup.sh (npm pack axe-core)")


@pytest.fixture
def axe_page(browser, browser_context_args, live_server):
    """A page whose context lets the injected axe run under the portal's CSP (script-src 'self')."""
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context.new_page()
    context.close()


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill("pass-12345")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/")


def _violations(page, url) -> list[str]:
    response = page.goto(url)
    assert response.status < 400, f"{url}: {response.status}"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{url}: {v['impact']} {v['id']} — {v['help']}: " + "; ".join(
        ",".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"] if v["impact"] in BLOCKING]


@pytest.fixture
def world(reference_rows, school_a1, school_a2, methodologist_a, director_a1):
    year = SchoolYearFactory(start_year=current_start_year())
    programme = RoadmapFactory(school=school_a1, school_year=year, title="Программа перехода СОШ № 1")
    ActivityFactory(roadmap=programme, title="Семинар для учителей математики")
    designation = DesignationFactory(school=school_a2)
    agreement = AgreementFactory(designation=designation, supported_school=school_a1)
    return {"programme": programme, "designation": designation, "agreement": agreement}


def test_sign_in_page(axe_page, live_server, db):
    assert not _violations(axe_page, f"{live_server.url}/accounts/login/")


def test_methodologists_main_pages(axe_page, live_server, world, methodologist_a, director_a1, school_a1):
    _sign_in(axe_page, live_server, methodologist_a.email)
    pages = ["/", "/schools/", school_a1.get_absolute_url(), f"/schools/{school_a1.pk}/edit/",
             f"/schools/{school_a1.pk}/teachers/new/", "/roadmaps/", world["programme"].get_absolute_url(),
             "/roadmaps/new/", "/identification/", "/identification/runs/new/", "/identification/list/",
             "/partnerships/", world["designation"].get_absolute_url(), world["agreement"].get_absolute_url(),
             "/imports/", "/users/", f"/users/{director_a1.pk}/", "/users/new/"]
    problems = [p for url in pages for p in _violations(axe_page, f"{live_server.url}{url}")]
    assert not problems, "\n".join(problems)


def test_directors_main_pages(axe_page, live_server, world, director_a1, school_a1):
    _sign_in(axe_page, live_server, director_a1.email)
    pages = ["/", "/schools/", school_a1.get_absolute_url(), f"/schools/{school_a1.pk}/edit/", "/roadmaps/",
             world["programme"].get_absolute_url(), f"/schools/{school_a1.pk}/yearly/new/",
             f"/schools/{school_a1.pk}/teachers/new/"]
    problems = [p for url in pages for p in _violations(axe_page, f"{live_server.url}{url}")]
    assert not problems, "\n".join(problems)
