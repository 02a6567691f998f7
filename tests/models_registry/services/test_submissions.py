"""One form, posted twice at the same moment (a double click on a slow line), creates one practice."""

import threading
import time
import uuid

import pytest
from django.db import connection

from models_registry.models import Field, Phase, Practice
from models_registry.services import practice_create
from models_registry.services.submissions import submission_once


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_make_one_practice(demo):
    token = uuid.uuid4()
    field, phase = Field.objects.get(code="kinh-te"), Phase.objects.get(is_current=True)
    results, errors = [], []

    def post():
        try:

            def create():
                time.sleep(0.5)  # the first post is still saving when the second arrives
                return practice_create(
                    actor=demo.officer, unit=demo.an_luu, data={"title": "Bấm hai lần", "field": field, "phase": phase}
                )

            results.append(submission_once(token=token, actor=demo.officer, create=create))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Practice.objects.filter(title="Bấm hai lần").count() == 1
    assert sorted(created for _obj, created in results) == [False, True]
    assert len({obj.pk for obj, _created in results}) == 1
