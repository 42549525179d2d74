"""The permission matrix generated from the URLs.

Every route the resolver knows must be declared in some app's `access_matrix.py` (core.permission_matrix explains
the table); every declared probe — route × role (and signed out) × object position (own / other school / other
municipality) × verb — is replayed on the demo world and must answer as declared. A route missing from the tables
fails `test_every_route_is_declared`; a wrong answer (a leak: 200 where 404/403 is declared, or a refusal where the
role should get through) fails `test_every_probe_answers_as_declared`, listing each difference.

The replay is one test per app (its `access_matrix.py`), so xdist spreads it. Two modes:

- `PERMISSION_MATRIX=full` (CI, .ci/run): every probe — every position of every route × verb × role.
- sample (the default, `make test`): every route × verb × role is still probed, once per distinct declared answer
  (a "200 200 404" role: one 200 position and the 404 one; a "404" role: one position). Which position of a group
  is sent turns with the route's place among the routes of its kind and with the role, so the routes of a kind
  share the positions between them. Deterministic: the same probes every run.

Both modes assert every route for every role (signed out included) at least once; the run's summary prints the
probe count (tests/conftest.py, `pytest_terminal_summary`).

`MATRIX_RECORD=/path.py pytest tests/core/test_permission_matrix.py` writes the answers observed instead (to review
when adding an app's rows — never to paste unread), in full mode; without -n (the file gathers the apps of the
process).
"""

import importlib
import os
import pprint
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.formats import school_year_of
from core.permission_matrix import POSITIONS, ROLES, Anchor, Route, codes

DEMO_USERS = {
    "methodologist": "metodist.dinskoy@demo.ru", "head": "head.dinskoy@demo.ru",
    "director": "director.school1@demo.ru", "leader": "leader@demo.ru", "admin": "admin@demo.ru",
}
ANCHOR_DIRECTORS = {"own": "director.school1@demo.ru", "other_school": "director.struggling@demo.ru",
                    "other_muni": "director.kalininsky@demo.ru"}
FULL = os.environ.get("PERMISSION_MATRIX", "sample") == "full" or bool(os.environ.get("MATRIX_RECORD"))


def _walk(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern):
            yield f"{ns}:{p.name}" if ns else (p.name or str(p.pattern))


def resolved_routes() -> set[str]:
    """Every route by its URL name (`namespace:name`; an unnamed route by its pattern)."""
    return set(_walk(get_resolver().url_patterns))


def _project_modules():
    names = [app.name for app in apps.get_app_configs() if app.path.startswith(str(settings.BASE_DIR))]
    for name in [*names, "config"]:
        try:
            yield name, importlib.import_module(f"{name}.access_matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.access_matrix":
                raise


def declared() -> tuple[dict[str, Route], dict, tuple[str, ...]]:
    routes, kinds, prefixes = {}, {}, ()
    for _app, module in _project_modules():
        clash = set(routes) & set(getattr(module, "ROUTES", {}))
        assert not clash, f"{module.__name__} declares again {sorted(clash)}"
        routes.update(getattr(module, "ROUTES", {}))
        kinds.update(getattr(module, "KINDS", {}))
        prefixes += tuple(getattr(module, "COVERED_PREFIXES", ()))
    return routes, kinds, prefixes


def test_every_route_is_declared():
    routes, kinds, prefixes = declared()
    found = resolved_routes()
    missing = sorted(r for r in found - set(routes) if not r.startswith(prefixes))
    gone = sorted(set(routes) - found)
    assert not missing, "routes missing from the permission matrix (add them to <app>/access_matrix.py):\n" + \
        "\n".join(missing)
    assert not gone, f"rows for routes that no longer exist: {gone}"
    unknown = sorted({r.kind for r in routes.values() if r.kind and r.kind not in kinds})
    assert not unknown, f"object kinds without a finder in any KINDS: {unknown}"
    for name, route in routes.items():
        for verb, by_role in route.verbs().items():
            assert set(by_role) == set(ROLES), f"{name} {verb}: roles {sorted(by_role)} ≠ {ROLES}"
            for spec in by_role.values():
                codes(spec, route.kind)


# ---- replaying the probes ------------------------------------------------------------------------------------

MATRIX_APPS = [app for app, module in _project_modules() if getattr(module, "ROUTES", None)]
_recorded: dict = {}  # MATRIX_RECORD: the answers of the apps replayed so far in this process


def _anchors() -> dict[str, Anchor]:
    from accounts.models import User
    from schools.models import SchoolYear

    year = SchoolYear.objects.get(start_year=school_year_of(timezone.localdate()))
    anchors = {}
    for position, email in ANCHOR_DIRECTORS.items():
        director = User.objects.get(email=email)
        school = director.memberships.get().school
        anchors[position] = Anchor(position, school, school.municipality, year, director)
    return anchors


def _path(name: str, kwargs: dict) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # an unnamed route is declared by its pattern
        return "/" + name


def _answer(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return "login" if "/login" in location else "302"
    return str(response.status_code)


def _send(client: Client, verb: str, path: str, api: bool):
    if verb == "get":
        return client.get(path)
    if api:
        return getattr(client, verb)(path, data={}, content_type="application/json")
    return getattr(client, verb)(path, data={})


def _turns(routes: dict[str, Route]) -> dict[str, int]:
    """A route's place among the routes of its kind (by name): the sample's positions turn with it."""
    by_kind = defaultdict(list)
    for name in sorted(routes):
        by_kind[routes[name].kind].append(name)
    return {name: i for names in by_kind.values() for i, name in enumerate(names)}


def to_send(expected: dict[str, str], present: list[str], turn: int, full: bool) -> list[str]:
    """The positions (with an object) to send: all in full mode; in the sample, one per distinct declared answer,
    which one of a group turning with `turn`."""
    if full:
        return present
    groups = defaultdict(list)
    for position in present:
        groups[expected[position]].append(position)
    return sorted((group[turn % len(group)] for group in groups.values()), key=present.index)


def replay(routes: dict[str, Route], kinds: dict, full: bool,
           turns: dict[str, int]) -> tuple[int, list[str], dict, set[str]]:
    """Sends the probes of `routes`; answers (probes sent, differences, answers observed, routes without an object
    in the demo). Fails unless every other route got at least one probe for every role."""
    from accounts.models import User

    anchors = _anchors()
    clients = {"anon": Client(raise_request_exception=False)}
    for role, email in DEMO_USERS.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(User.objects.get(email=email))
    probes, problems, observed, asserted = 0, [], {}, set()
    for name in sorted(routes):
        route = routes[name]
        api = name.startswith("api:")
        targets = {"-": {}} if route.kind is None else {p: kinds[route.kind](anchors[p]) for p in POSITIONS}
        present = [position for position, kwargs in targets.items() if kwargs is not None]
        for verb, by_role in route.verbs().items():
            for r, role in enumerate(ROLES):
                expected = codes(by_role[role], route.kind)
                sent = to_send(expected, present, turns[name] + r, full)
                seen = []
                for position, kwargs in targets.items():
                    if kwargs is None:  # no object at this position: declared "-"
                        answer, path = "-", f"(no {route.kind} at {position})"
                    elif position not in sent:
                        continue
                    else:
                        path = _path(name, kwargs)
                        with transaction.atomic():
                            answer = _answer(_send(clients[role], verb, path, api))
                            transaction.set_rollback(True)
                        probes += 1
                        asserted.add((name, role))
                    seen.append(answer)
                    if expected[position] != answer:
                        problems.append(f"{verb.upper()} {path} ({name}) as {role} at {position}: "
                                        f"declared {expected[position]}, answered {answer}")
                observed.setdefault(name, {}).setdefault(verb, {})[role] = (
                    seen[0] if len(set(seen)) == 1 else " ".join(seen))
    # a route whose object the demo lacks at every position is declared "-" throughout and checked for that alone
    absent = {name for name, route in routes.items() if route.kind and not any(
        kinds[route.kind](anchor) for anchor in anchors.values())}
    unprobed = sorted({(name, role) for name in set(routes) - absent for role in ROLES} - asserted)
    assert not unprobed, f"routes × roles without a probe: {unprobed}"
    return probes, problems, observed, absent


@pytest.mark.parametrize("app", MATRIX_APPS)
def test_every_probe_answers_as_declared(app, demo_db, monkeypatch, record_property):
    # PDF downloads answer as usual, without WeasyPrint's layout (the exports have their own tests)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 matrix")
    all_routes, kinds, _prefixes = declared()
    routes = next(getattr(module, "ROUTES", {}) for name, module in _project_modules() if name == app)
    probes, problems, observed, absent = replay(routes, kinds, FULL, _turns(all_routes))
    record = os.environ.get("MATRIX_RECORD")
    if record:
        _recorded.update(observed)
        with open(record, "w", encoding="utf-8") as out:
            out.write(pprint.pformat(_recorded, width=120, sort_dicts=True))
    # summed over the apps and printed at the end of the run (tests/conftest.py)
    record_property("matrix", {"mode": "full" if FULL else "sample", "routes": len(routes), "probes": probes,
                               "pairs": (len(routes) - len(absent)) * len(ROLES), "absent": sorted(absent),
                               "differences": len(problems)})
    assert not problems, "\n".join(problems)
