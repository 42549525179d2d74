"""Every page a demo role reaches (the crawl of tests/core/test_crawl.py, each kind of address once) at 390 px: no
page wider than the phone, no `id` used twice, no checkbox or radio button smaller than a finger's 24 px. At 1280 px
the top menu of every role is one line beside the brand and the user's whole name (the rest under «Ещё»).

By default (`make test`) each kind of page is measured once, as the first role that reaches it, and the roles of one
kind after the first (the second methodologist, head, directors) are crawled only for the menu; `PHONE_CRAWL=full`
(CI, .ci/run) measures every kind of page as every role."""

import os
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.demo import PASSWORD

from ..core.test_crawl import DEMO_USERS, _kind, crawl

FULL = os.environ.get("PHONE_CRAWL", "sample") == "full"
SAMPLE_ROLES = {"admin@demo.ru", "metodist.dinskoy@demo.ru", "head.dinskoy@demo.ru", "director.struggling@demo.ru",
                "leader@demo.ru"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

PAGE_PROBLEMS = """() => {
  const out = [], seen = {};
  const width = document.documentElement.scrollWidth;
  if (width > 390) out.push('wider than the phone: ' + width);
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  const twice = Object.keys(seen).filter(k => seen[k] > 1);
  if (twice.length) out.push('duplicate id ' + twice.join(', '));
  const small = [...document.querySelectorAll('input[type=checkbox], input[type=radio]')].filter(el => {
    const r = el.getBoundingClientRect(); return r.width > 0 && (r.width < 24 || r.height < 24); });
  if (small.length) out.push(small.length + ' checkboxes smaller than 24 px: ' + small[0].name);
  return out; }"""

MENU = """() => {
  const nav = document.querySelector('.mainnav'), items = [...nav.querySelectorAll(':scope > a, .nav-more > summary')];
  const tops = new Set(items.map(el => Math.round(el.getBoundingClientRect().top)));
  const name = document.querySelector('.username'), user = document.querySelector('.userbox');
  const right = Math.max(...items.map(el => el.getBoundingClientRect().right));
  return {rows: tops.size, navHeight: nav.getBoundingClientRect().height,
          itemHeight: items[0].getBoundingClientRect().height, overflows: nav.scrollWidth > nav.clientWidth,
          overlaps: right > user.getBoundingClientRect().left, nameCut: name.scrollWidth > name.clientWidth}; }"""


def _signed_in_client(email) -> Client:
    client = Client(raise_request_exception=False)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in"
    return client


def test_every_page_fits_a_phone_and_the_menu_is_one_line(browser, live_server, transactional_db, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 crawl")
    call_command("seed_demo", stdout=StringIO())
    phone, desktop, measured = [], [], set()
    for email in DEMO_USERS:
        client = _signed_in_client(email)
        kinds = {}
        if FULL or email in SAMPLE_ROLES:
            pages: list[str] = []
            crawl(client, pages, per_kind=1)
            for url in pages:
                kinds.setdefault(_kind(url), url)
            assert len(kinds) >= 15, f"{email}: only {len(kinds)} kinds of page reached"
        context = browser.new_context(viewport=PHONE, locale="ru-RU")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
        page = context.new_page()
        for kind, url in kinds.items():
            if not FULL and kind in measured:
                continue
            measured.add(kind)
            page.goto(f"{live_server.url}{url}")
            phone.extend(f"{email} {url}: {problem}" for problem in page.evaluate(PAGE_PROBLEMS))
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}/")
        menu = page.evaluate(MENU)
        if menu["rows"] != 1 or menu["navHeight"] > menu["itemHeight"] + 2 or menu["overflows"] or menu["overlaps"]:
            desktop.append(f"{email}: the menu is not one line beside the user's box: {menu}")
        if menu["nameCut"]:
            desktop.append(f"{email}: the user's name is cut")
        context.close()
    assert not phone, "\n".join(phone)
    assert not desktop, "\n".join(desktop)
