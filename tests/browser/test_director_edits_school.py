"""A director signs in, edits their school, and sees the change on the school card."""

from playwright.sync_api import expect


def test_director_edits_own_school(sign_in, live_server, director_a1, school_a1):
    page = sign_in("director.a1@example.ru")  # lands on the start page
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Школы", exact=True).click()
    page.get_by_role("link", name=school_a1.short_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(school_a1.short_name)
    page.get_by_role("link", name="Редактировать").click()
    page.get_by_label("Телефон").fill("+7 (86162) 7-77-77")
    page.get_by_label("Электронная почта").fill("not-an-email")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Введите правильный адрес электронной почты.")).to_be_visible()
    page.get_by_label("Электронная почта").fill("school1@dinskoy.ru")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Изменения сохранены.")).to_be_visible()
    expect(page.get_by_role("link", name="+7 (86162) 7-77-77")).to_be_visible()
    school_a1.refresh_from_db()
    assert school_a1.phone == "+7 (86162) 7-77-77"
