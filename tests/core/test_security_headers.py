"""Headers: a Content-Security-Policy without inline scripts, Permissions-Policy, and
`Cache-Control: private, no-store` on signed-in pages, private files and the API."""

import re
from pathlib import Path

from django.urls import reverse
from knox.models import AuthToken

ROOT = Path(__file__).resolve().parents[2]


def test_every_answer_carries_the_policies(client, db):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_not_stored(client_for, methodologist_a, school_a1):
    client = client_for(methodologist_a)
    for url in ("/", school_a1.get_absolute_url(), reverse("schools:school_list_export")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {p.strip() for p in response["Cache-Control"].split(",")} >= {"private", "no-store"}, url


def test_the_api_is_not_stored_also_with_a_token(client, methodologist_a):
    _instance, token = AuthToken.objects.create(methodologist_a)
    response = client.get("/api/v1/schools/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert {p.strip() for p in response["Cache-Control"].split(",")} >= {"private", "no-store"}
    assert "no-store" in client.get("/api/v1/schools/")["Cache-Control"]  # the signed-out 401 too


def test_error_pages_carry_the_policy_too(client_for, methodologist_a):
    response = client_for(methodologist_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_templates_have_no_inline_scripts_or_handlers():
    """Scripts are files in static/js/ (the policy would block an inline one): none in any template."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in inline.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: {m.group().strip()}" for m in handler.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: javascript:" for _ in re.finditer(r"javascript:", text, re.I)]
    assert found == []


def test_swagger_ui_loads_its_script_from_a_file(client_for, methodologist_a):
    html = client_for(methodologist_a).get(reverse("swagger-ui")).content.decode()
    assert re.search(r"<script>\s*\S", html) is None
