"""Evidence files chosen in a progress form rejected for another field are kept: the page says
they need not be chosen again, and sending the form again saves them with the report."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from roadmaps.models import Evidence

PDF = b"%PDF-1.4\n%test\n"


def test_evidence_is_kept_across_a_rejected_progress_form(client_for, programme, director_a1):
    activity = programme.activities.get(number=1)
    client = client_for(director_a1)
    response = client.post(activity.get_absolute_url(), {
        "p-status": "not_done", "p-percent": "0", "p-report": "",
        "files": [SimpleUploadedFile("протокол.pdf", PDF)]})
    html = response.content.decode()
    assert response.status_code == 200 and "Объясните, почему мероприятие не выполнено" in html
    assert "Файл «протокол.pdf» уже загружен" in html and not Evidence.objects.exists()
    token = re.search(r'name="files__kept" value="([^"]+)"', html).group(1)
    response = client.post(activity.get_absolute_url(), {
        "p-status": "not_done", "p-percent": "0", "p-report": "Перенесено на весну", "files__kept": token})
    assert response.status_code == 302
    evidence = Evidence.objects.get(activity=activity)
    assert evidence.original_name == "протокол.pdf" and evidence.file.read() == PDF


def test_a_rejected_file_is_not_kept(client_for, programme, director_a1):
    activity = programme.activities.get(number=1)
    html = client_for(director_a1).post(activity.get_absolute_url(), {
        "p-status": "in_progress", "p-percent": "10", "p-report": "",
        "files": [SimpleUploadedFile("scan.pdf", b"not a pdf")]}).content.decode()
    assert "содержимое файла не соответствует расширению" in html and "files__kept" not in html
    assert not Evidence.objects.exists()
