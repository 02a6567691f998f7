"""The demo after the 2025 reform: old Hải Phòng loaded beside Hải Dương, the reform applied, Hải Phòng today.

Demo logins ``commune`` (Đảng ủy Phường Kinh Môn, the new ward that took in Phường An Lưu and reuses its code
10675) and ``city`` (Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng); a few 2026 practices of the new ward, one of
them recognized by the ward's Party committee. Plan numbers and signers are demo values. Idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import AuditEvent, Body, Field, Membership, Phase, Plan, Practice, Role, Unit, UnitLevel
from ..models.audit import MEMBERSHIP_MOVED, PRACTICE_MOVED
from ..services import decision_issue, practice_create, practice_propose, practice_submit
from ..services.notifications import notification_emails_muted
from ..services.reform import reform_apply
from ..units_import import NATIONAL_FILE, load_units
from .backdating import backdate_events
from .users import DEMO_PASSWORD, demo_user

REFORM_DATE = datetime.date(2025, 7, 1)
WARD_CODE = "10675"  # Phường Kinh Môn after the reform; Phường An Lưu before it
NEW_USERS = {
    "commune": (WARD_CODE, Role.REVIEWER, "Đỗ Thị Lan"),
    "city": ("31", Role.PROVINCIAL, "Hoàng Minh Tuấn"),
}
SIGNERS = {
    ("292", None): "Phạm Quốc Khánh",
    (WARD_CODE, REFORM_DATE): "Đỗ Thị Lan",
    ("31", REFORM_DATE): "Hoàng Minh Tuấn",
}
WARD_TITLES = [
    ("kinh-te", "Mô hình “Chợ văn minh, thân thiện” Phường Kinh Môn"),
    ("van-hoa-xa-hoi", "Mô hình “Tổ dân phố không rác thải nhựa” Phường Kinh Môn"),
    ("xay-dung-he-thong-chinh-tri", "Mô hình “Dân hỏi – chính quyền trả lời” Phường Kinh Môn"),
]


def new_unit(code):
    return Unit.objects.get(code=code, valid_from=REFORM_DATE)


def _demo_plans():
    old_province = Unit.objects.filter(level=UnitLevel.PROVINCE, name="Tỉnh Hải Dương").first()
    if old_province is not None:
        Plan.objects.get_or_create(
            unit=old_province,
            phase=Phase.objects.get(name="2021–2025"),
            defaults={
                "number": "20-KH/BDVTU",
                "date": datetime.date(2021, 3, 15),
                "title": "thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 – 2025",
                "issuer": "Ban Dân vận Tỉnh ủy Hải Dương",
            },
        )
    Plan.objects.get_or_create(
        unit=new_unit("31"),
        phase=Phase.objects.get(name="2026–2030"),
        defaults={
            "number": "05-KH/BTGDVTU",
            "date": datetime.date(2026, 1, 12),
            "title": "thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2026 – 2030",
            "issuer": "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng",
        },
    )


def _demo_signers():
    for (code, valid_from), name in SIGNERS.items():
        Body.objects.filter(unit__code=code, unit__valid_from=valid_from, signer_name="").update(signer_name=name)


def _ward_practices(officer, committee):
    ward = new_unit(WARD_CODE)
    if Practice.objects.filter(title=WARD_TITLES[0][1]).exists():
        return 0
    phase = Phase.objects.get(name="2026–2030")
    practices = []
    for code, title in WARD_TITLES:
        practice = practice_create(
            actor=officer, unit=ward, data={"title": title, "field": Field.objects.get(code=code), "phase": phase}
        )
        practice_submit(practice=practice, actor=officer)
        practices.append(practice)
    for practice in practices[:2]:
        practice_propose(
            practice=Practice.objects.get(pk=practice.pk),
            actor=officer,
            results={"people_reached": 850, "results": "Được nhân dân đồng tình, hưởng ứng."},
        )
    decision_issue(
        actor=committee,
        board=ward,
        practices=practices[:1],
        number="01-QĐ/ĐU",
        date=timezone.localdate(),
        signer="Đỗ Thị Lan",
    )
    return len(practices)


def seed_demo_reform():
    """Apply the reform to the demo world and add Hải Phòng's demo logins and practices; summary lines."""
    lines = []
    with transaction.atomic():
        counts = load_units(NATIONAL_FILE, province_codes={"31"})
        lines.append("Old Hải Phòng units: {created} created, {unchanged} unchanged.".format(**counts))
        last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        counts = reform_apply(effective=REFORM_DATE)
        # The demo's reform happened on 1/7/2025, not the second it was seeded: date its moves then.
        moved = AuditEvent.objects.filter(pk__gt=last_event, action__in=[PRACTICE_MOVED, MEMBERSHIP_MOVED])
        reform_day = timezone.make_aware(datetime.datetime.combine(REFORM_DATE, datetime.time(7, 30)))
        backdate_events([(pk, reform_day) for pk in moved.values_list("pk", flat=True)])
        lines.append("Reform 1/7/2025: " + ", ".join(f"{key} {value}" for key, value in counts.items()))
        users = {}
        for username, (code, role, full_name) in NEW_USERS.items():
            users[username] = demo_user(username, full_name)
            Membership.objects.get_or_create(user=users[username], unit=new_unit(code), role=role)
        _demo_plans()
        _demo_signers()
    officer = demo_user("officer", "Nguyễn Thị Hằng")
    with notification_emails_muted(), transaction.atomic():
        created = _ward_practices(officer, users["commune"])
    lines.append(f"Phường Kinh Môn 2026: {created} practices added. Demo password: {DEMO_PASSWORD}.")
    return lines
