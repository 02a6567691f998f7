"""A draft: registered with its first file in one go, or deleted (never withdrawn) before it is sent."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.errors import DomainError, IllegalTransition, StaleObject
from models_registry.models import Attachment, AuditEvent, Field, Notification, Phase, Practice, PracticeState
from models_registry.models.submissions import SubmissionToken
from models_registry.services import attachment_add, practice_create_with_files, practice_delete_draft
from tests.models_registry.practice_helpers import PDF_BYTES, make_practice

pytestmark = pytest.mark.django_db


def data(**extra):
    return {
        "title": "Mô hình “Dân vận khéo” đường làng sáng",
        "field": Field.objects.get(code="kinh-te"),
        "phase": Phase.objects.get(is_current=True),
        **extra,
    }


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_a_draft_is_saved_with_the_file_chosen_on_the_form(demo):
    practice = practice_create_with_files(actor=demo.officer, unit=demo.an_luu, data=data(), files=[(pdf(), None)])
    attachment = practice.attachments.get()
    assert attachment.original_name == "bien-ban.pdf" and attachment.kind == "evidence"
    assert set(AuditEvent.objects.filter(practice=practice).values_list("action", flat=True)) == {
        "practice.created",
        "attachment.added",
    }


def test_a_refused_file_leaves_no_draft_behind(demo):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        practice_create_with_files(actor=demo.officer, unit=demo.an_luu, data=data(), files=[(fake, None)])
    assert not Practice.objects.filter(title=data()["title"]).exists()
    assert not AuditEvent.objects.filter(action="practice.created").exists()


def test_deleting_a_draft_removes_it_and_its_files_and_keeps_the_record(demo, django_capture_on_commit_callbacks):
    practice = make_practice(demo.an_luu, title="Bản nháp thử")
    attachment = attachment_add(practice=practice, actor=demo.officer, file=pdf())
    stored = attachment.file.name
    storage = attachment.file.storage
    SubmissionToken.objects.create(
        token="11111111-1111-1111-1111-111111111111",
        user=demo.officer,
        object_type="models_registry.practice",
        object_id=str(practice.pk),
    )
    Notification.objects.create(recipient=demo.officer, practice=practice, action="x", message="m")
    with django_capture_on_commit_callbacks(execute=True):
        gone = practice_delete_draft(practice=practice, actor=demo.officer, expected_version=practice.version)
    assert gone == {"id": practice.pk, "title": "Bản nháp thử", "unit": demo.an_luu.pk}
    assert not Practice.objects.filter(pk=practice.pk).exists()
    assert not Attachment.objects.filter(pk=attachment.pk).exists() and not storage.exists(stored)
    assert not SubmissionToken.objects.exists() and not Notification.objects.filter(action="x").exists()
    event = AuditEvent.objects.get(action="practice.draft_deleted")
    assert (event.actor, event.object_id, event.note) == (demo.officer, str(practice.pk), "Bản nháp thử")
    assert event.changes["title"] == ["Bản nháp thử", None] and event.changes["attachments"] == [1, 0]
    # The draft's earlier events stay, without the link to the row that is gone.
    assert AuditEvent.objects.filter(action="attachment.added", practice__isnull=True).count() == 1


@pytest.mark.parametrize("state", [s for s in PracticeState.values if s != PracticeState.DRAFT])
def test_only_a_draft_is_deleted(demo, state):
    practice = make_practice(demo.an_luu, state)
    with pytest.raises(IllegalTransition):
        practice_delete_draft(practice=practice, actor=demo.officer)
    assert Practice.objects.filter(pk=practice.pk).exists()


@pytest.mark.parametrize("username", ["officer2", "reviewer", "reviewer2", "provincial"])
def test_only_the_registering_unit_deletes_its_draft(demo, username):
    practice = make_practice(demo.an_luu)
    with pytest.raises(DomainError):
        practice_delete_draft(practice=practice, actor=demo.users[username])
    assert Practice.objects.filter(pk=practice.pk).exists()
    assert not AuditEvent.objects.filter(action="practice.draft_deleted").exists()


def test_a_stale_page_does_not_delete(demo):
    practice = make_practice(demo.an_luu)
    with pytest.raises(StaleObject):
        practice_delete_draft(practice=practice, actor=demo.officer, expected_version=practice.version + 1)
    assert Practice.objects.filter(pk=practice.pk).exists()
