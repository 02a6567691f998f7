"""Form tokens that make a form count once however often it is posted (double click, reload, two tabs)."""

from django.conf import settings
from django.db import models


class SubmissionToken(models.Model):
    """One posted form (lượt gửi biểu mẫu): its random token, who sent it and what it created.

    The unique token makes a second post of the same form wait for the first and then find its result.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.token} → {self.object_type}:{self.object_id}"
