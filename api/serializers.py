"""Shapes of the API's answers and requests (they also write the OpenAPI schema).

Input is checked twice on purpose: these serializers check JSON types (so the schema says what to send), then the
pages' own forms check the rules (the units the user may register for, dates in order, a decision date not in the
future), so the API accepts exactly what the pages accept.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from models_registry.forms.practices import REGISTRATION_FIELDS, RESULT_FIELDS
from models_registry.models import (
    Decision,
    Field,
    Notification,
    Phase,
    Practice,
    Recognition,
    Unit,
)
from models_registry.models.practices import PracticeKind, PracticeSubject
from reporting.builders.document import NARRATIVE_FIELDS
from reporting.models import Report, ReportPeriod, ReportStatus

# --- Small nested objects ----------------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "code", "name"]


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "name", "start_year", "end_year"]


class DecisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "number", "date", "level"]


class RecognitionSerializer(serializers.ModelSerializer):
    decision = DecisionRefSerializer()

    class Meta:
        model = Recognition
        fields = ["level", "outstanding", "decision"]


# --- Practices ---------------------------------------------------------------------------------------------------


class PracticeSerializer(serializers.ModelSerializer):
    """One row of the practice list."""

    kind_label = serializers.CharField(source="get_kind_display")
    subject_label = serializers.CharField(source="get_subject_display")
    state_label = serializers.CharField(source="get_state_display")
    field = FieldSerializer()
    unit = UnitRefSerializer()
    board = UnitRefSerializer()
    phase = PhaseSerializer()

    class Meta:
        model = Practice
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "subject",
            "subject_label",
            "field",
            "unit",
            "board",
            "phase",
            "state",
            "state_label",
            "version",
            "created_at",
            "submitted_at",
            "proposed_at",
            "recognized_at",
        ]


class PracticeDetailSerializer(PracticeSerializer):
    """One practice with its registration, results, recognitions and the actions open to the caller."""

    recognitions = RecognitionSerializer(many=True)
    actions = serializers.SerializerMethodField()

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            *[name for name in REGISTRATION_FIELDS if name not in PracticeSerializer.Meta.fields],
            *RESULT_FIELDS,
            "last_reason",
            "updated_at",
            "recognitions",
            "actions",
        ]

    def get_actions(self, practice) -> list[str]:
        return sorted(self.context.get("actions", ()))


class PracticeWriteSerializer(serializers.Serializer):
    """A registration (create) or its changes (PATCH: only the fields sent change)."""

    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=PracticeKind.choices)
    subject = serializers.ChoiceField(choices=PracticeSubject.choices)
    field = serializers.IntegerField(min_value=1, help_text="id của lĩnh vực")
    phase = serializers.IntegerField(min_value=1, help_text="id của giai đoạn")
    unit = serializers.IntegerField(min_value=1, help_text="id của đơn vị đăng ký (trong phạm vi cán bộ)")
    replicated_from = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    situation = serializers.CharField(required=False, allow_blank=True)
    goals = serializers.CharField(required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    area_beneficiaries = serializers.CharField(required=False, allow_blank=True)
    leading_forces = serializers.CharField(required=False, allow_blank=True)
    coordinating_forces = serializers.CharField(required=False, allow_blank=True)
    participating_forces = serializers.CharField(required=False, allow_blank=True)
    budget_vnd = serializers.IntegerField(required=False, min_value=0, max_value=2**63 - 1)
    workdays = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    materials = serializers.CharField(required=False, allow_blank=True)
    socialized_funding_vnd = serializers.IntegerField(required=False, min_value=0, max_value=2**63 - 1)
    start_date = serializers.DateField(required=False, allow_null=True)
    evaluation_date = serializers.DateField(required=False, allow_null=True)
    outputs = serializers.CharField(required=False, allow_blank=True)
    sustainability = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text="Phiên bản đã đọc; khác phiên bản hiện tại thì trả về 409."
    )


class VersionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text="Phiên bản đã đọc; khác phiên bản hiện tại thì trả về 409."
    )


class ProposeSerializer(VersionSerializer):
    people_reached = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    money_mobilized_vnd = serializers.IntegerField(min_value=0, max_value=2**63 - 1)
    workdays_mobilized = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    land_donated_m2 = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    results = serializers.CharField()


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(
        max_length=4000,
        error_messages={"blank": _("Vui lòng ghi rõ lý do."), "required": _("Vui lòng ghi rõ lý do.")},
    )


class DiscontinueSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class OutstandingSerializer(serializers.Serializer):
    outstanding = serializers.BooleanField()


class CommendationSerializer(serializers.Serializer):
    form = serializers.CharField(max_length=120)
    issuer = serializers.CharField(max_length=200)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    date = serializers.DateField()


class CommendationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    form = serializers.CharField()
    issuer = serializers.CharField()
    decision_number = serializers.CharField()
    date = serializers.DateField()


# --- Decisions ---------------------------------------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    board = UnitRefSerializer()
    practice_count = serializers.IntegerField()

    class Meta:
        model = Decision
        fields = ["id", "number", "date", "level", "board", "signer", "practice_count", "created_at"]


class DecisionRecognitionSerializer(serializers.ModelSerializer):
    practice = serializers.SerializerMethodField()

    class Meta:
        model = Recognition
        fields = ["level", "outstanding", "practice"]

    def get_practice(self, recognition) -> dict:
        practice = recognition.practice
        return {"id": practice.pk, "title": practice.title, "unit": practice.unit.name}


class DecisionDetailSerializer(DecisionSerializer):
    recognitions = DecisionRecognitionSerializer(many=True, source="recognition_rows")

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "recognitions"]


class DecisionIssueSerializer(serializers.Serializer):
    """A district decision recognizing proposals of the caller's board (as the review queue's form)."""

    practices = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    number = serializers.CharField(max_length=60)
    date = serializers.DateField()
    signer = serializers.CharField(max_length=120)
    outstanding = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=500
    )


class ProvincialDecisionSerializer(serializers.Serializer):
    """A provincial decision recognizing practices already recognized by their district."""

    practices = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    number = serializers.CharField(max_length=60)
    date = serializers.DateField()
    signer = serializers.CharField(max_length=120)


# --- Units -------------------------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "level", "kind", "parent", "depth", "reviews", "valid_from", "valid_until"]


# --- Reports -----------------------------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    status_label = serializers.CharField(source="get_status_display")
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "period",
            "year",
            "version",
            "number",
            "status",
            "status_label",
            "progress",
            "queued_at",
            "started_at",
            "finished_at",
            "failed_at",
            "error",
            "page_count",
            "sha256",
            "downloads",
        ]

    def get_downloads(self, report) -> dict[str, str]:
        if report.status != ReportStatus.SUCCEEDED:
            return {}
        return {fmt: reverse("api:report-download", args=[report.pk, fmt]) for fmt in ("pdf", "xlsx")}


class ReportRequestSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1)
    period = serializers.ChoiceField(choices=ReportPeriod.choices)
    year = serializers.IntegerField(min_value=2009, max_value=9999)
    number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    leadership = serializers.CharField(required=False, allow_blank=True)
    strengths = serializers.CharField(required=False, allow_blank=True)
    shortcomings = serializers.CharField(required=False, allow_blank=True)
    causes = serializers.CharField(required=False, allow_blank=True)
    lessons = serializers.CharField(required=False, allow_blank=True)
    directions = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    signer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)


assert set(NARRATIVE_FIELDS) <= set(ReportRequestSerializer().fields)


# --- Notifications and errors ------------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "action", "message", "practice", "url", "created_at", "read_at"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
