from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The documents around a recognition: decisions, certificates, sheets, books of models, the register."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Văn bản"
