"""The top menu's split: items in the bar while they fit its room (core/context_processors.py), then the rest and
the secondary ones under «Ещё», in their order; a section under «Ещё» lights the button."""

from django.test import RequestFactory

from core import context_processors
from core.context_processors import NAV_CHARS, split_menu


def test_items_past_the_room_and_secondary_ones_go_under_more():
    items = [("Мои задачи", "/", False), ("Справочник", "/ref/", False)] + [
        (f"Раздел {n:02}", f"/s{n}/", False) for n in range(12)]
    main, more = split_menu(items, secondary={"/ref/"})
    assert "/ref/" not in [url for _l, url, _c in main]
    assert sum(len(label) + 2 for label, _u, _c in main) <= NAV_CHARS
    assert main + more != items  # something went below
    assert [i for i in items if i in main] == main and [i for i in items if i in more] == more  # order kept
    # once one item did not fit, no later (shorter) one jumps into the bar
    assert items.index(more[1]) > items.index(main[-1])


def test_a_short_menu_stays_whole():
    items = [("Мои задачи", "/", True), ("Школы", "/schools/", False)]
    assert split_menu(items, secondary=set()) == (items, [])


def test_the_current_section_under_more_is_marked(admin_user):
    request = RequestFactory().get("/users/")
    request.user = admin_user
    nav = context_processors.navigation(request)
    assert any(current for _l, _u, current in nav["nav_more"])
    assert nav["nav_more_current"] is True
    assert not any(current for _l, _u, current in nav["nav_main"])
