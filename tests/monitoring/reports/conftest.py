import subprocess

import pytest

from monitoring.reports import services


def pdf_text(path) -> str:
    """The PDF's text as pdftotext extracts it, lines joined and spaces collapsed (sentences read whole)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    return " ".join(out.decode("utf-8").replace("\u00a0", " ").split())


@pytest.fixture
def fake_pdf(monkeypatch):
    """WeasyPrint replaced by a quick stand-in for the tests of the job's life cycle (the PDF itself is tested with
    the real renderer): each build returns different bytes, so a replaced file can be told from the old one."""
    calls = []

    def render(html):
        calls.append(html)
        return f"%PDF-1.7 fake build {len(calls)}".encode(), 4

    monkeypatch.setattr(services, "html_to_pdf_pages", render)
    return calls
