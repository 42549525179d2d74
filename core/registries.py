"""What higher apps add to shared places without the lower layers naming them (DESIGN §3).

Each app fills these from its `AppConfig.ready()`: menu items, school-card sections, periodic (beat)
tasks and demo steps. Import kinds have their own registry in `core.imports`. Every entry that a user
sees carries the app's own access predicate, so a lower layer never decides about a higher app's pages.
"""

from collections.abc import Callable
from dataclasses import dataclass

# ---- menu ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    order: int
    label: str  # lazy translation
    url_name: str
    allowed: Callable  # (user) -> bool


_MENU: dict[str, MenuItem] = {}


def register_menu(order: int, label, url_name: str, allowed: Callable = lambda user: True) -> None:
    """A menu item shown to the users for whom `allowed(user)` is true (keyed by URL name: idempotent)."""
    _MENU[url_name] = MenuItem(order, label, url_name, allowed)


def menu_items(user) -> list[MenuItem]:
    return [item for item in sorted(_MENU.values(), key=lambda i: i.order) if item.allowed(user)]


# ---- school card ----------------------------------------------------------------------------------

Section = Callable[..., str | None]
_SECTIONS: list[tuple[int, Section]] = []


def register_card_section(order: int, section: Section) -> None:
    """`section(request, school) -> str | None` (rendered HTML); the school card shows them in order.

    The section decides itself what the user may see (None: nothing to show)."""
    if all(s is not section for _o, s in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda t: t[0])


def render_card_sections(request, school) -> list[str]:
    return [html for _order, section in _SECTIONS if (html := section(request, school))]


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
