from django.urls import reverse


def navigation(request):
    """The menu: items the apps registered (core.registries.register_menu) that this user may open."""
    from .registries import menu_items

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(str(item.label), reverse(item.url_name)) for item in menu_items(user)]
    # the current section is the item whose URL is the longest prefix of the path (the start page "/" only itself)
    matches = [url for _label, url in items if request.path.startswith(url) and (url != "/" or request.path == "/")]
    current = max(matches, key=len) if matches else None
    return {"nav_items": [(label, url, url == current) for label, url in items]}
