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
