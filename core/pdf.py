"""PDF documents: one way for every PDF of the portal (WeasyPrint, the DejaVu fonts, the print stylesheet
of templates/core/print_base.html that every PDF template extends)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    return html_to_pdf_pages(html)[0]


def html_to_pdf_pages(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages (laid out once)."""
    # WeasyPrint resolves relative URLs against the project folder: nothing is fetched over the network
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
