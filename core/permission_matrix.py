"""The permission matrix: the answer every route gives to every role, per object and verb.

Each app declares its own rows in `<app>/access_matrix.py`, beside its `access.py` (the rules the answers come
from): `ROUTES` — URL name → `Route` — and, for the objects its URLs name, `KINDS` — kind → finder. config
declares the site-wide routes (the start page, allauth, the admin site, the API root and schema).
`tests/core/test_permission_matrix.py` walks the URL resolver, fails on a route no table declares (or a row
whose route is gone), and replays every declared probe on the demo world.

The world is the demo (`manage.py seed_demo`). Roles are its users: `anon` (signed out), `methodologist` and
`head` of Динской район, `director` of its first school, `leader` (staff of its leader school), `admin`.
An object route is probed at three positions, seen from the director's school S1 in Динской район:
`own` (an object of S1 / of Динской район), `other_school` (of another school of Динской район: the struggling
school) and `other_muni` (of Калининский район). A finder returns the URL's keyword arguments for the object of
its kind at a position (`Anchor`), or None when there is none there (a region-wide object is probed at `own`
only); the declared code of a position without an object is `-`.

Expected answers, per verb and role, one code per position ("200 200 404") or one code for all: the status
code, `login` for a redirect to the sign-in page, `302` for any other redirect. A write (POST; in the API also
PUT, PATCH, DELETE) is sent with an empty body: an allowed write answers its form again (200), a validation
error (400) or its redirect (302); refusals are 403 (a visible object the role may not change), 404 (a foreign
object) or 405 (no such verb: a page without a form answers only GET and HEAD, `require_safe`). Signed out, a page
sends to the sign-in page (`login`, also for a verb it refuses: `login_required` is the outer decorator) and the
API answers 401 (`WWW-Authenticate: Token`). Each probe runs in a savepoint rolled back after it.

A new app adds its rows in `<app>/access_matrix.py` (a few declarative lines per route)::

    from core.permission_matrix import Route, answers, everyone, ok_for

    KINDS = {"thing": lambda at: {"pk": Thing.objects.filter(school=at.school).values_list("pk", flat=True)[0]}}
    ROUTES = {  #                                 anon     methodologist  head           director       leader  admin
        "<app>:thing_list": Route(get=ok_for("methodologist head admin"),  # a list without a form: GET only
                                  post=answers("login", "405", "405", "405", "405", "405")),
        "<app>:thing_detail": Route("thing", get=answers("login", "200 200 404", "200 200 404", "200 404 404",
                                                         "404", "200")),
    }

`MATRIX_RECORD=/tmp/seen.py pytest tests/core/test_permission_matrix.py` writes the answers observed, to compare
with what the app's access.py means to allow — never to paste unread.
"""

from dataclasses import dataclass, field

ROLES = ("anon", "methodologist", "head", "director", "leader", "admin")
POSITIONS = ("own", "other_school", "other_muni")
VERBS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Anchor:
    """A position in the demo world: a school, its municipality, the current school year and the school's
    director (the demo user)."""

    name: str
    school: object
    municipality: object
    year: object
    director: object


@dataclass(frozen=True)
class Route:
    """One route's expected answers: `kind` names the object its URL arguments come from (None: no arguments);
    each verb maps every role to its codes (see the module's docstring)."""

    kind: str | None = None
    get: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] = field(default_factory=dict)
    put: dict[str, str] = field(default_factory=dict)
    patch: dict[str, str] = field(default_factory=dict)
    delete: dict[str, str] = field(default_factory=dict)

    def verbs(self) -> dict[str, dict[str, str]]:
        return {v: getattr(self, v) for v in VERBS if getattr(self, v)}


def ok_for(roles: str, code: str = "200", *, others: str = "403", anon: str = "login") -> dict[str, str]:
    """`code` for the listed roles, `others` for the other signed-in roles, `anon` signed out."""
    chosen = set(roles.split())
    return {role: anon if role == "anon" else code if role in chosen else others for role in ROLES}


def answers(anon: str, methodologist: str, head: str, director: str, leader: str, admin: str) -> dict[str, str]:
    """One verb's codes in the column order of ROLES."""
    return dict(zip(ROLES, (anon, methodologist, head, director, leader, admin), strict=True))


def everyone(code: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, code)


def codes(spec: str, kind: str | None) -> dict[str, str]:
    """"200 200 404" → the code per position; one code stands for every position."""
    parts = spec.split()
    if kind is None:
        if len(parts) != 1:
            raise ValueError(f"{spec!r}: a route without an object has one code")
        return {"-": parts[0]}
    if len(parts) == 1:
        parts = parts * len(POSITIONS)
    if len(parts) != len(POSITIONS):
        raise ValueError(f"{spec!r}: one code or one per position {POSITIONS}")
    return dict(zip(POSITIONS, parts, strict=True))
