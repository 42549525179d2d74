"""No dead ends: every demo role signs in and follows the links it is offered; none may answer 4xx/5xx or
show an English / technical Django page, nor Django's «---------» for a select's empty choice, nor an `id` used
twice. The link rules the templates ask ({% link_to %}) agree with the lookups the pages make.

The demo is the shared one (`demo_db`, tests/conftest.py: seeded once per process); each test runs in a savepoint
within it. Breadth-first from "/", same-site links only; ids are generalised to keep it fast:
every address of a kind is fetched up to FETCH_PER_KIND times, pages of a kind are read for more links up to
PARSE_PER_KIND times, downloads (XLSX, PDF) are fetched once per kind and not read (PDFs without their layout).
"""

import html
import re
from collections import Counter, deque

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import PASSWORD

from ..html import duplicate_ids

DEMO_USERS = [
    "admin@demo.ru", "metodist.dinskoy@demo.ru", "head.dinskoy@demo.ru", "metodist.kalininsky@demo.ru",
    "head.kalininsky@demo.ru", "director.school1@demo.ru", "director.struggling@demo.ru",
    "director.kalininsky@demo.ru", "leader@demo.ru",
]
MAX_PAGES = 250  # per role
FETCH_PER_KIND = 6
PARSE_PER_KIND = 2
SKIP = ("/accounts/logout", "/admin/", "/api/", "/static/", "/favicon.ico")
DOWNLOAD = re.compile(r"\.(pdf|xlsx|csv)$|/export|/document")
HREF = re.compile(r"""href=["']([^"'#]*)""")
# Django's own pages: its default error pages and the debug pages
ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request", "Page not found", "Traceback",
           "CSRF verification failed", "Request Method:", "DEBUG = True")


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def crawl(client: Client, pages: list[str] | None = None, per_kind: int = FETCH_PER_KIND) -> tuple[int, list[str]]:
    """Pages fetched and the problems found («address ← the page that offered it: what»); `pages`, if given,
    receives the address of every HTML page that answered 200 (the browser tests visit them again); `per_kind` — how
    many addresses of one kind are fetched (the browser tests need each kind once)."""
    queue, found_on = deque(["/"]), {"/": "(start)"}
    fetched, parsed, problems, n = Counter(), Counter(), [], 0
    while queue and n < MAX_PAGES:
        url = queue.popleft()
        kind = _kind(url)
        is_download = bool(DOWNLOAD.search(url.split("?")[0]))
        if fetched[kind] >= (1 if is_download else per_kind):
            continue
        fetched[kind] += 1
        n += 1
        response = client.get(url)
        where = f"{url} ← {found_on[url]}"
        links = []
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif response.status_code >= 400:
            problems.append(f"{where}: {response.status_code}")
        content_type = response.get("Content-Type", "")
        if "text/html" in content_type and not getattr(response, "streaming", False):
            body = response.content.decode()
            english = [w for w in ENGLISH if w in body]
            if english:
                problems.append(f"{where}: English/technical text {english}")
            if "---------" in body:  # a select's empty choice reads «— выберите —» / «— не выбрано —» / «все»
                problems.append(f"{where}: Django's empty choice «---------»")
            if twice := duplicate_ids(body):  # a label's «for» would point at the first element only
                problems.append(f"{where}: duplicate id {twice}")
            if pages is not None and response.status_code == 200 and not is_download:
                pages.append(url)
            if response.status_code == 200 and not is_download and parsed[kind] < PARSE_PER_KIND:
                parsed[kind] += 1
                links = [html.unescape(h) for h in HREF.findall(body)]
        for link in links:
            if link.startswith("/") and not link.startswith(("//", *SKIP)) and link not in found_on:
                found_on[link] = url
                queue.append(link)
    return n, problems


@pytest.mark.parametrize("email", DEMO_USERS)
def test_every_link_a_demo_role_is_offered_opens(demo_db, email, monkeypatch):
    # PDF downloads answer as usual, without WeasyPrint's layout (seconds each; the exports have their own tests)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 crawl")
    client = Client(raise_request_exception=False)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in"
    pages, problems = crawl(client)
    assert pages >= 20, f"{email}: only {pages} pages reached"
    assert not problems, f"{email}: " + "\n".join(problems)


def test_link_rules_agree_with_the_lookups_of_the_pages(demo_db):
    """{% link_to %} asks the registered predicate; the page itself looks the object up in a visible queryset (or
    checks a rule). For every demo user and every object the two must answer the same."""
    from accounts import access as scoping
    from accounts.models import User
    from core.registries import link_for
    from identification import access as identification_access
    from identification.models import SchoolStatus
    from partnerships import access as partnership_access
    from partnerships.models import Agreement, Designation
    from roadmaps import access as roadmap_access
    from roadmaps.models import Level, Roadmap
    from schools.models import School

    statuses = list(SchoolStatus.objects.select_related("run", "school"))
    designations = list(Designation.objects.select_related("school"))
    agreements = list(Agreement.objects.select_related("designation__school", "supported_school"))
    programmes = list(Roadmap.objects.filter(level=Level.SCHOOL).select_related("school", "school_year"))
    schools = list(School.objects.all())
    assert statuses and designations and agreements and programmes
    for user in User.objects.filter(email__in=DEMO_USERS):
        def opens(obj, name="", user=user):
            return link_for(user, obj, name) is not None

        visible = set(identification_access.visible_statuses(user).values_list("pk", flat=True))
        for st in statuses:
            evidence = identification_access.can_view_evidence(user, st.run, st.school)
            assert opens(st) == evidence, (user.email, st)
            if st.pk in visible and not evidence:
                assert link_for(user, st) is None  # listed, but its why page is not for this user: no link
        seen = set(partnership_access.visible_designations(user).values_list("pk", flat=True))
        assert {d.pk for d in designations if opens(d)} == seen, user.email
        seen = set(partnership_access.visible_agreements(user).values_list("pk", flat=True))
        assert {a.pk for a in agreements if opens(a)} == seen, user.email
        for r in programmes:
            assert opens(r, "risk_profile") == roadmap_access.can_view_risk_profile(user, r.school), (user.email, r)
        seen = set(scoping.visible_schools(user).values_list("pk", flat=True))
        assert {s.pk for s in schools if opens(s)} == seen, user.email
