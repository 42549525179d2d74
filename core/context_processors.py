from django.urls import reverse

NAV_MAIN = 7  # items shown in the bar; with the brand and the user's full name they fit 1280 px on one line


def navigation(request):
    """The menu: items the apps registered (core.registries.register_menu) that this user may open."""
    from .registries import menu_items

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_main": [], "nav_more": []}
    items = [(str(item.label), reverse(item.url_name)) for item in menu_items(user)]
    # the current section is the item whose URL is the longest prefix of the path (the start page "/" only itself)
    matches = [url for _label, url in items if request.path.startswith(url) and (url != "/" or request.path == "/")]
    current = max(matches, key=len) if matches else None
    nav = [(label, url, url == current) for label, url in items]
    # the menu stays on one line at 1280 px: the first items in the bar, the rest under «Ещё» (docs/decisions.md)
    main, more = nav[:NAV_MAIN], nav[NAV_MAIN:]
    return {"nav_items": nav, "nav_main": main, "nav_more": more, "nav_more_current": any(c for _l, _u, c in more)}
