"""A page without a form answers GET and HEAD only (`require_safe`): a POST is 405 naming the verbs it takes; signed
out, the sign-in page comes first (`login_required` is the outer decorator). A page with a form keeps its POST.
Every route's answers are in the permission matrix (tests/core/test_permission_matrix.py); these are the reasons."""

from django.urls import reverse


def test_a_list_answers_get_and_head_and_refuses_post(client_for, methodologist_a, school_a1):
    client = client_for(methodologist_a)
    url = reverse("schools:school_list")
    page = client.get(url)
    assert page.status_code == 200 and school_a1.short_name in page.content.decode()
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    refused = client.post(url, {"q": "x"})
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"


def test_a_download_refuses_post_too(client_for, methodologist_a, school_a1):
    client = client_for(methodologist_a)
    url = reverse("schools:school_list_export")
    assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.post(url).status_code == 405


def test_a_page_that_answered_get_only_answers_head_now(client_for, methodologist_a):
    url = reverse("monitoring:indicator_list")
    client = client_for(methodologist_a)
    assert client.head(url).status_code == 200  # was 405 under require_GET
    assert client.post(url).status_code == 405


def test_signed_out_post_goes_to_sign_in(client):
    response = client.post(reverse("schools:school_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_page_with_a_form_keeps_post(client_for, methodologist_a, muni_a):
    response = client_for(methodologist_a).post(reverse("schools:school_create"), {"short_name": "Школа № 99"})
    assert response.status_code == 200  # the form again, with what is missing
    assert 'class="errorlist"' in response.content.decode()
