"""Small template helpers shared by every app's templates."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} — a dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def percent(value, digits=1):
    """12.5 → «12,5 %» (Russian decimal comma, a space before the sign)."""
    if value in (None, ""):
        return "—"
    return f"{float(value):.{int(digits)}f}".replace(".", ",") + "\u00a0%"


@register.filter
def ru_plural(number, forms):
    """{{ n|ru_plural:"школа,школы,школ" }} → the Russian plural form for n."""
    one, few, many = forms.split(",")
    n = abs(int(number or 0))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
