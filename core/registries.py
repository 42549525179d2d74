"""What higher apps add to shared places without the lower layers naming them (the layers of docs/architecture.md).

Each app fills these from its `AppConfig.ready()`: menu items, periodic (beat) tasks, demo
steps, the start page's task groups and link rules. The school's own extension points (card sections, flags, list
columns and filters) are in `schools.registries`; the sections of a progress report in `roadmaps.registries`;
import kinds in `core.imports`. Every entry that a user sees carries the app's own access predicate, so a lower
layer never decides about a higher app's pages.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# ---- menu ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    order: int
    label: str  # lazy translation
    url_name: str
    allowed: Callable  # (user) -> bool
    secondary: bool = False  # a reference page opened now and then: always under «Ещё»


_MENU: dict[str, MenuItem] = {}


def register_menu(order: int, label, url_name: str, allowed: Callable = lambda user: True, *,
                  secondary: bool = False) -> None:
    """A menu item shown to the users for whom `allowed(user)` is true (keyed by URL name: idempotent); a
    `secondary` one goes under «Ещё» whatever room the bar has."""
    _MENU[url_name] = MenuItem(order, label, url_name, allowed, secondary)


def menu_items(user) -> list[MenuItem]:
    return [item for item in sorted(_MENU.values(), key=lambda i: i.order) if item.allowed(user)]


# ---- periodic tasks (Celery beat) -----------------------------------------------------------------

_BEAT: dict[str, dict] = {}


def register_beat(name: str, task: str, schedule, *, expires: int | None = 12 * 3600) -> None:
    """A periodic task, added to the current Celery app's beat schedule (a run not picked up within
    `expires` seconds is dropped rather than run late)."""
    from celery import current_app

    entry = {"task": task, "schedule": schedule, "options": {"expires": expires} if expires else {}}
    _BEAT[name] = entry
    current_app.conf.beat_schedule = {**current_app.conf.beat_schedule, name: entry}


def beat_schedule() -> dict[str, dict]:
    return dict(_BEAT)


# ---- demo data ------------------------------------------------------------------------------------

_DEMO: list[tuple[int, Callable]] = []


def register_demo(order: int, seed: Callable) -> None:
    """`seed(ctx)` adds an app's part of the demo region; steps run in order (the layer order)."""
    if all(s is not seed for _o, s in _DEMO):
        _DEMO.append((order, seed))
        _DEMO.sort(key=lambda t: t[0])


def demo_steps() -> list[Callable]:
    return [seed for _order, seed in _DEMO]


# ---- the start page («Мои задачи») ---------------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    """One line of a start-page group: what waits, how many (None: one object named in `text`), where to act."""

    text: str
    url: str
    count: int | None = None
    tone: str = ""  # "", "ok", "warn" or "bad"
    note: str = ""  # a second line: a date, a reviewer's comment, …
    badge: str = ""  # a state beside the text («возвращена на доработку»)
    badge_tone: str = ""  # the badge's own tone, when it differs from the line's


@dataclass(frozen=True)
class TaskGroup:
    """A heading with its items; with no items the page shows `empty` (what to do next) and the optional link."""

    title: str
    items: Sequence[TaskItem] = ()
    empty: str = ""
    empty_url: str = ""
    empty_link: str = ""
    more_url: str = ""  # the full list, when the items show only the first few
    more_link: str = ""


TaskProvider = Callable[..., list[TaskGroup]]
_TASKS: list[tuple[int, TaskProvider]] = []


def register_tasks(order: int, provider: TaskProvider) -> None:
    """`provider(user) -> list[TaskGroup]`: an app's part of the start page, for the roles it knows (an empty list
    when the user has none of them). Each provider reads in a fixed number of queries and links only to pages the
    user may open (its app's access rules)."""
    if all(p is not provider for _o, p in _TASKS):
        _TASKS.append((order, provider))
        _TASKS.sort(key=lambda t: t[0])


def task_groups(user) -> list[TaskGroup]:
    return [group for _order, provider in _TASKS for group in provider(user)]


# ---- links to objects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRule:
    allowed: Callable  # (user, obj) -> bool: may the user open the page
    url: Callable  # (obj) -> str


_LINKS: dict[tuple[type, str], LinkRule] = {}


def register_link_rule(model: type, allowed: Callable, *, name: str = "", url: Callable | None = None) -> None:
    """Who may open the page of a `model` object: `allowed(user, obj)`, the app's own predicate from its
    access.py. The page is `obj.get_absolute_url()`, or `url(obj)` for a named link of the model (e.g. a
    programme's risk profile: `name="risk_profile"`). Registered from the app's ready(); idempotent."""
    _LINKS[(model, name)] = LinkRule(allowed, url or (lambda obj: obj.get_absolute_url()))


def link_for(user, obj, name: str = "") -> str | None:
    """The address of the object's page if this user may open it, else None: the one helper that decides both
    (templates use `{% link_to obj %}…{% endlink %}`). A model without a rule is a programming error."""
    if obj is None:
        return None
    for cls in type(obj).__mro__:
        rule = _LINKS.get((cls, name))
        if rule is not None:
            return rule.url(obj) if user is not None and rule.allowed(user, obj) else None
    raise LookupError(f"No link rule for {type(obj).__name__}{f' ({name})' if name else ''}: "
                      "register one with core.registries.register_link_rule from the app's ready().")
