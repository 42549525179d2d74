"""A methodologist designates a leader school, records an agreement with a ШНОР school, uploads the signed
PDF, activates it, and the network view shows the link."""

import datetime
import re

from playwright.sync_api import expect

from identification.models import Methodology, Run, SchoolStatus
from partnerships.models import Agreement

from ..factories import SchoolYearFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_designate_agree_and_see_the_network(reference_rows, sign_in, live_server, methodologist_a, school_a1,
                                             school_a2, tmp_path):
    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=school_a1.municipality.region,
                             municipality=school_a1.municipality, school_year=SchoolYearFactory(start_year=2024))
    SchoolStatus.objects.create(school=school_a1, status="lrs", school_year=run.school_year, run=run,
                                order_number="245", order_date=datetime.date(2024, 9, 1))
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(PDF)
    page = sign_in("metod.a@example.ru")
    page.get_by_role("link", name="Сопровождение").click()
    page.get_by_role("link", name="Присвоить статус").click()
    page.get_by_label(re.compile(r"^Школа")).select_option(label=school_a2.short_name)
    page.get_by_label("Вид статуса").select_option(label="Школа-лидер")
    page.get_by_label("Тема").fill("Повышение качества преподавания математики")
    page.get_by_label("Начало").fill("2024-09-01")
    page.get_by_label("Окончание").fill("2026-08-31")
    page.get_by_label("Номер приказа").fill("310")
    page.get_by_label("Дата приказа").fill("2024-08-25")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Статус сохранён.")).to_be_visible()
    page.get_by_role("link", name="Новое соглашение").click()
    page.get_by_label("Сопровождаемая школа").select_option(label=school_a1.short_name)
    page.get_by_label(re.compile(r"^Номер \*")).fill("ДН-1")
    page.get_by_label("Дата подписания").fill("2024-09-15")
    page.get_by_label("Начало").fill("2024-09-15")
    page.get_by_label("Окончание").fill("2025-08-31")
    page.get_by_label("управление").check()
    page.get_by_label("Подписанное соглашение (PDF)").set_input_files(str(pdf))
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Соглашение сохранено.")).to_be_visible()
    page.get_by_role("button", name="Ввести в действие").click()
    expect(page.get_by_text("Соглашение действует.")).to_be_visible()
    assert Agreement.objects.get().state == Agreement.State.ACTIVE
    page.get_by_role("link", name="Сопровождение").click()
    page.get_by_role("link", name="Сеть", exact=True).click()
    # a group, not an image: its school names are links a screen reader reaches (axe: nested-interactive)
    expect(page.get_by_role("group", name="Сеть сопровождения")).to_be_visible()
    graph = page.locator("svg[aria-label='Сеть сопровождения']")
    expect(graph.locator("text", has_text=school_a2.short_name)).to_be_visible()
    expect(graph.locator("text", has_text=school_a1.short_name)).to_be_visible()
    assert graph.locator("path").count() == 1
