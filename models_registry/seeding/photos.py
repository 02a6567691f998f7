"""Demo photos for the showcase: a few recognized practices get a generated picture that their board shows
publicly (through ``attachment_set_public``, audited). Idempotent: a practice with a photo gets no other.

The pictures are drawn by Pillow (a road, houses and trees in the movement's colours); no file is downloaded.
"""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from ..models import Attachment, Membership, Practice, PracticeState
from ..models.practices import AttachmentKind
from ..permissions import board_desk, yearly_body
from ..services.board import attachment_set_public

DEMO_PHOTOS = 14
SKY, GROUND, ROAD = (196, 224, 245), (120, 170, 90), (150, 150, 150)


def demo_picture(seed: int, size=(1200, 900)) -> bytes:
    """A village road with houses and trees, different for each ``seed``; JPEG bytes."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, SKY)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.55))
    draw.rectangle([0, horizon, width, height], fill=GROUND)
    draw.polygon([(width * 0.42, horizon), (width * 0.58, horizon), (width * 0.9, height), (width * 0.1, height)], ROAD)
    for _ in range(rng.randint(3, 6)):  # houses on the horizon, red roofs
        x = rng.randint(0, width - 160)
        w, h = rng.randint(90, 160), rng.randint(60, 110)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=(235, 225, 200))
        draw.polygon([(x - 10, horizon - h), (x + w + 10, horizon - h), (x + w // 2, horizon - h - 50)], (176, 42, 55))
    for _ in range(rng.randint(6, 12)):  # trees and flowers along the road
        x, y = rng.randint(0, width), rng.randint(horizon + 20, height - 20)
        r = rng.randint(14, 40)
        draw.ellipse([x - r, y - 2 * r, x + r, y], fill=(40, 110, 50))
        draw.ellipse([x - 5, y - 8, x + 5, y + 2], fill=(230, 90, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _publisher(practice):
    """A demo user who may show the practice's photos: staff of the body doing its yearly work today, nearest
    first (after the reform a ward's committee or the city board, not the closed district board)."""
    body = yearly_body(practice)
    if body is None:
        return None
    memberships = Membership.objects.filter(unit_id__in=body.ancestor_ids).select_related("user")
    for membership in memberships.order_by("-unit__depth", "pk"):
        if "publish" in board_desk(membership.user, practice):
            return membership.user
    return None


def ensure_demo_photos(limit: int = DEMO_PHOTOS) -> int:
    """Give up to ``limit`` recognized practices a public photo; returns how many were added now."""
    have_photo = Attachment.objects.filter(kind=AttachmentKind.PHOTO).values("practice_id")
    practices = (
        Practice.objects.filter(state=PracticeState.RECOGNIZED)
        .exclude(pk__in=have_photo)
        .select_related("unit", "board")
        .order_by("-recognized_at", "id")[: max(limit - have_photo.count(), 0)]
    )
    added = 0
    for practice in practices:
        publisher = _publisher(practice)
        if publisher is None:
            continue
        content = demo_picture(practice.pk)
        attachment = Attachment(
            practice=practice,
            kind=AttachmentKind.PHOTO,
            original_name="hinh-anh-mo-hinh.jpg",
            content_type="image/jpeg",
            size=len(content),
            uploaded_by=publisher,
        )
        attachment.file.save("file.jpg", ContentFile(content), save=False)
        attachment.save()
        attachment_set_public(attachment=attachment, actor=publisher, public=True)
        added += 1
    return added
