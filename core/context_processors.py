from django.urls import reverse

# The bar's room for menu items at 1280 px beside the brand and the user's box (a name up to 20rem), in characters of
# the menu's font; an item costs its label and its padding (NAV_ITEM_EXTRA). The rest goes under «Ещё»
# (docs/decisions.md); tests/browser/test_screens.py checks the bar stays on one line for every demo role.
NAV_CHARS = 68
NAV_ITEM_EXTRA = 2


def split_menu(items: list, secondary: set) -> tuple[list, list]:
    """The menu's items in the bar and under «Ещё», in their order: secondary ones and those past the room, below."""
    main, more, used, full = [], [], 0, False
    for item in items:
        cost = len(item[0]) + NAV_ITEM_EXTRA
        full = full or (item[1] not in secondary and used + cost > NAV_CHARS)  # from here on, all below
        if full or item[1] in secondary:
            more.append(item)
        else:
            main.append(item)
            used += cost
    return main, more


def navigation(request):
    """The menu: items the apps registered (core.registries.register_menu) that this user may open."""
    from .registries import menu_items

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_main": [], "nav_more": []}
    registered = menu_items(user)
    items = [(str(item.label), reverse(item.url_name)) for item in registered]
    # the current section is the item whose URL is the longest prefix of the path (the start page "/" only itself)
    matches = [url for _label, url in items if request.path.startswith(url) and (url != "/" or request.path == "/")]
    current = max(matches, key=len) if matches else None
    nav = [(label, url, url == current) for label, url in items]
    secondary = {url for (_label, url), item in zip(items, registered, strict=True) if item.secondary}
    main, more = split_menu(nav, secondary)
    return {"nav_main": main, "nav_more": more, "nav_more_current": any(c for _l, _u, c in more)}
