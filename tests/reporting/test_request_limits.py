"""A report request counts once per form, and its narrative is capped before it reaches the worker."""

import uuid

import pytest
from django.urls import reverse

from models_registry.errors import DomainError
from reporting.models import Report
from reporting.services.requests import report_request

pytestmark = pytest.mark.django_db


def test_a_report_request_posted_twice_makes_one_version(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo.reviewer)
    data = {"unit": demo.kinh_mon.pk, "period": "h1", "year": 2024, "submission_token": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(reverse("report_list"), data)
        second = client.post(reverse("report_list"), data)
    report = Report.objects.get()
    assert first.url == second.url == reverse("report_detail", args=[report.pk])
    assert report.version == 1


def test_a_megabyte_narrative_is_refused_by_the_form(client, demo):
    client.force_login(demo.reviewer)
    data = {"unit": demo.kinh_mon.pk, "period": "h1", "year": 2024, "strengths": "ư" * 1_000_000}
    response = client.post(reverse("report_list"), data)
    assert response.status_code == 200
    assert "strengths" in response.context["form"].errors
    assert not Report.objects.exists()


def test_the_service_refuses_an_oversized_narrative_too(demo):
    with pytest.raises(DomainError):
        report_request(
            actor=demo.reviewer, unit=demo.kinh_mon, period="h1", year=2024, narrative={"causes": "x" * 20_001}
        )
    assert not Report.objects.exists()
