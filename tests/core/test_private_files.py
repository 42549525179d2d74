"""Private files are served only through core.storage.private_file_response: a missing file is a 404."""

from django.urls import reverse

from ..factories import AgreementFactory


def test_a_private_file_missing_from_the_disk_is_a_404_not_a_500(client_for, methodologist_a, school_a1, school_a2):
    agreement = AgreementFactory(active=True, designation__school=school_a2, supported_school=school_a1)
    url = reverse("partnerships:agreement_document", args=[agreement.pk])
    client = client_for(methodologist_a)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    agreement.document.storage.delete(agreement.document.name)
    assert client.get(url).status_code == 404
