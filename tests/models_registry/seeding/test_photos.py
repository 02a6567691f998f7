"""Demo photos: generated pictures on recognized practices, shown publicly by their board, added once."""

import io

import pytest
from PIL import Image

from models_registry.models import Attachment, AuditEvent
from models_registry.seeding.photos import ensure_demo_photos

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_photos_are_public_audited_and_added_once(demo):
    shown = [recognized(demo.an_luu) for _ in range(3)]
    waiting = proposed(demo.an_luu)
    assert ensure_demo_photos(limit=2) == 2
    photos = list(Attachment.objects.all())
    assert len(photos) == 2 and all(p.public and p.practice in shown for p in photos)
    assert Image.open(io.BytesIO(photos[0].file.read())).size == (1200, 900)
    assert AuditEvent.objects.filter(action="attachment.published").count() == 2
    assert ensure_demo_photos(limit=2) == 0
    assert not Attachment.objects.filter(practice=waiting).exists()


def test_demo_photos_after_the_reform_are_published_by_todays_body(demo, django_capture_on_commit_callbacks):
    """`make run` seeds the reform before the photos: a practice of a closed board is published by the body that
    holds its unit today, never by the closed board's reviewer (who only reads that history)."""
    from models_registry.seeding.reform import seed_demo_reform

    old = [recognized(demo.an_luu) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_reform()
    assert ensure_demo_photos(limit=20) >= 2
    for practice in old:
        photo = Attachment.objects.get(practice=practice)
        event = AuditEvent.objects.get(action="attachment.published", object_id=str(photo.pk))
        assert photo.public and event.actor != demo.reviewer
        assert event.actor.username in {"commune", "city"}
