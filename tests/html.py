"""Reading rendered pages in tests: the messages shown next to a form field."""

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser


def field_block(html: str, name: str) -> str:
    """The form-field block (`<div class="field…">` of includes/form_fields.html, or the table cell of a form laid
    out as a table) holding the input named `name`."""
    at = html.find(f'name="{name}"')
    assert at >= 0, f"no input named {name!r} on the page"
    start = max(html.rfind('<div class="field', 0, at), html.rfind('<fieldset class="field', 0, at))
    cell = html.rfind("<td", 0, at)
    if cell > start:
        return html[cell:html.find("</td>", at)]
    ends = (html.find('<div class="field', at), html.find('<fieldset class="field', at), html.find("</form>", at))
    end = min(e for e in (*ends, len(html)) if e >= 0)
    return html[start:end]


def field_errors(html: str, name: str) -> list[str]:
    """The error messages shown next to the input named `name` (its block's error list)."""
    block = field_block(html, name)
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', block, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for ul in lists
            for item in re.findall(r"<li>(.*?)</li>", ul, re.S)]


def top_errors(html: str) -> list[str]:
    """Messages at the top of a form (its non-field errors)."""
    return [unescape(re.sub(r"<[^>]+>", "", m)).strip()
            for m in re.findall(r'<div class="msg msg-error">(.*?)</div>', html, re.S)]


def text_of(response) -> str:
    """A page's visible text with tags dropped and whitespace collapsed (phrases read as a person reads them)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    """The `id` attributes used more than once on the page (a label's `for` then points at the first one only)."""
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return sorted(value for value, n in parser.ids.items() if n > 1)
