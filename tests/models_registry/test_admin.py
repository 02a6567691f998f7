"""The admin shows the workflow's records read-only: nothing there writes around the services."""

import pytest
from django.urls import reverse

from models_registry.models import AuditEvent, Commendation, Decision, Practice, PracticeState, Recognition
from models_registry.services import commendation_record

from .practice_helpers import make_practice
from .review_fixtures import recognized

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(demo.admin)
    return client


@pytest.fixture
def decided(demo):
    practice = recognized(demo.an_luu)
    commendation_record(
        actor=demo.reviewer, practice=practice, form="Giấy khen", issuer="Thị ủy", date=practice.recognized_at.date()
    )
    return practice


@pytest.mark.parametrize("model", [Decision, Recognition, Commendation, AuditEvent])
def test_workflow_records_are_shown_but_never_added_changed_or_deleted(admin_client, decided, model):
    meta = model._meta
    row = model.objects.order_by("pk").first()
    assert row is not None
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    change_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # the view-only page has no save button
    assert admin_client.post(change_url, {}).status_code == 403
    delete_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[row.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_attachments_are_read_only(admin_client, demo):
    from models_registry.models import Attachment

    assert admin_client.get(reverse("admin:models_registry_attachment_add")).status_code == 403
    assert Attachment.objects.count() == 0  # nothing was added through the admin


def test_a_decided_practice_is_read_only_an_open_one_is_not(admin_client, demo, decided):
    open_practice = make_practice(demo.an_luu, state=PracticeState.REGISTERED)
    decided_page = admin_client.get(reverse("admin:models_registry_practice_change", args=[decided.pk]))
    open_page = admin_client.get(reverse("admin:models_registry_practice_change", args=[open_practice.pk]))
    assert decided_page.status_code == open_page.status_code == 200
    assert b'name="_save"' not in decided_page.content
    assert b'name="_save"' in open_page.content
    delete = reverse("admin:models_registry_practice_delete", args=[decided.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Practice.objects.filter(pk=decided.pk).exists()
