"""Small template helpers shared by every app's templates."""

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..formats import nobreak, ru_number, ru_percent

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} — a dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def percent(value, digits=1):
    """12.5 → «12,5 %» (core.formats.ru_percent: a decimal comma, the sign kept with its number)."""
    return ru_percent(value, digits)


@register.filter
def number(value, digits=1):
    """-4.93 → «−4,9» (core.formats.ru_number: a true minus sign and a decimal comma)."""
    return ru_number(value, digits)


@register.filter
def change(value, digits=1):
    """A change: 1.5 → «+1,5», -4.93 → «−4,9», 0 → «0,0»."""
    return ru_number(value, digits, plus=True)


@register.filter(name="nobreak")
def nobreak_filter(text):
    """A stored text whose «10 %» or «№ 7» must not part at a line end (core.formats.nobreak); escaped as usual."""
    return nobreak(text) if text not in (None, "") else text


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


class LinkNode(template.Node):
    def __init__(self, obj, name, attrs, nodelist, nodelist_else):
        self.obj, self.name, self.attrs = obj, name, attrs
        self.nodelist, self.nodelist_else = nodelist, nodelist_else

    def render(self, context):
        from core.registries import link_for

        request = context.get("request")
        user = getattr(request, "user", None) or context.get("user")
        href = link_for(user, self.obj.resolve(context), self.name.resolve(context) if self.name else "")
        if href is None:
            return (self.nodelist if self.nodelist_else is None else self.nodelist_else).render(context)
        label = self.nodelist.render(context)
        attrs = format_html_join("", ' {}="{}"', ((k, v.resolve(context)) for k, v in self.attrs.items()))
        return format_html('<a href="{}"{}>{}</a>', href, attrs, mark_safe(label))  # a rendered, escaped template


@register.tag("link_to")
def link_to(parser, token):
    """{% link_to obj %}label{% endlink %} — a link to the object's page for the users who may open it, the label
    alone for everyone else; who may is the rule the object's app registered (core.registries.register_link_rule).
    {% link_to st %}почему →{% else %}{% endlink %}: what the others see instead (here nothing).
    {% link_to roadmap "risk_profile" class="btn" %}…{% endlink %}: a named link of the model, HTML attributes."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% link_to %} needs the object: {% link_to obj %}…{% endlink %}")
    obj = parser.compile_filter(bits.pop(0))
    name = parser.compile_filter(bits.pop(0)) if bits and "=" not in bits[0] else None
    attrs = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"{{% link_to %}}: unexpected {bits[0]!r}")
    nodelist, nodelist_else = parser.parse(("else", "endlink")), None
    if parser.next_token().contents == "else":
        nodelist_else = parser.parse(("endlink",))
        parser.delete_first_token()
    return LinkNode(obj, name, attrs, nodelist, nodelist_else)
