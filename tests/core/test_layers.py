"""The layers of docs/architecture.md: a lower layer never names a higher app — not by import (import-linter checks
that in CI), and not by URL name in its Python code or its templates (checked here)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "schools", "accounts", "identification", "partnerships", "roadmaps", "mentoring", "monitoring"]
NAMESPACE_OWNER = {"imports": "core", **{app: app for app in LAYERS}}
NAMESPACE = "|".join(NAMESPACE_OWNER)
URL_NAME = re.compile(rf"""["']({NAMESPACE}):[a-z_]+["']""")


def _files(app):
    yield from (p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)
    yield from (ROOT / "templates" / app).rglob("*.html")


@pytest.mark.parametrize("app", LAYERS)
def test_no_url_names_of_higher_apps(app):
    mine = LAYERS.index(app)
    offences = []
    for path in _files(app):
        for match in URL_NAME.finditer(path.read_text(encoding="utf-8")):
            owner = NAMESPACE_OWNER[match.group(1)]
            if LAYERS.index(owner) > mine:
                offences.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offences, offences


def test_the_checker_sees_an_offence(tmp_path):
    assert URL_NAME.search("reverse('roadmaps:overview')") and not URL_NAME.search("reverse('admin:index')")
