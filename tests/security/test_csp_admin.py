"""Django's admin also works under the portal's CSP (no inline script, style or handlers)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from .test_csp_pages import inline_problems

pytestmark = pytest.mark.django_db


def test_admin_pages_need_no_inline_code(client, demo, kinh_mon_world):
    client.force_login(demo.admin)
    paths = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    found = {}
    for path in paths:
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            problems = inline_problems(response.content.decode())
            if problems:
                found[path] = sorted(set(problems))
    assert found == {}
