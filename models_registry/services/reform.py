"""Applying an administrative reform (sắp xếp đơn vị hành chính) as an operation, not a migration (DESIGN §7).

``reform_apply`` closes the old units, opens the new ones from the two-tier file, records the successions and the
new bodies, and moves every open practice (draft … returned) and every officer of an old commune to the
successor commune — or, when the old commune was split, puts it in the "chọn đơn vị mới" queue that
``successor_choose`` empties. Decided practices stay with their historical unit, board and decision.
Idempotent: a second run finds everything in place and changes nothing.
"""

import datetime
import json
from functools import partial
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..bodies_import import load_bodies
from ..errors import DomainError
from ..models import (
    Body,
    Membership,
    Practice,
    PracticeMove,
    PracticeState,
    Succession,
    SuccessorChoice,
    Unit,
    UnitLevel,
)
from ..models.audit import MEMBERSHIP_MOVED, PRACTICE_MOVED, SUCCESSOR_CHOSEN
from ..permissions import may_choose_successor, officer_memberships
from ..units_import import SUCCESSION_FILE, TWO_TIER_FILE, load_successions, load_units, official_code
from .audit import audit_log

OPEN_STATES = [PracticeState.DRAFT, PracticeState.REGISTERED, PracticeState.PROPOSED, PracticeState.RETURNED]


def _successors(old_units, effective):
    """{old unit id: [new units]}: a commune's own successions; a unit above communes gets its communes' ones."""
    rows = Succession.objects.filter(date=effective).select_related("new").order_by("new__path")
    direct = {}
    for row in rows.filter(old__in=old_units):
        direct.setdefault(row.old_id, []).append(row.new)
    return direct


def _candidates(unit, direct, effective):
    """The new units a practice or officer of old ``unit`` may go to (the nearest commune's successors)."""
    for pk in reversed(unit.ancestor_ids):
        if pk in direct:
            return direct[pk]
    # A district's own practice: every new unit that took in one of its communes.
    news = {
        s.new.pk: s.new
        for s in Succession.objects.filter(date=effective, old__path__startswith=unit.path).select_related("new")
    }
    return sorted(news.values(), key=lambda u: u.path)


def practice_move_locked(practice, *, unit, actor, effective):
    """Move a locked open practice to ``unit`` and the board that reviews there now, with its audit event."""
    board = unit.board or unit
    changes = {"unit": [practice.unit_id, unit.pk], "board": [practice.board_id, board.pk]}
    PracticeMove.objects.create(
        practice=practice,
        old_unit_id=practice.unit_id,
        old_board_id=practice.board_id,
        new_unit=unit,
        new_board=board,
        date=effective,
    )
    practice.unit, practice.board = unit, board
    practice.version += 1
    practice.save(update_fields=["unit", "board", "version", "updated_at"])
    audit_log(
        action=PRACTICE_MOVED,
        actor=actor,
        obj=practice,
        practice=practice,
        changes=changes,
        note=_("Sắp xếp đơn vị hành chính có hiệu lực từ %(date)s.") % {"date": effective.strftime("%d/%m/%Y")},
    )


def _membership_move(membership, *, unit, actor, effective):
    changes = {"unit": [membership.unit_id, unit.pk]}
    if Membership.objects.filter(user=membership.user_id, unit=unit, role=membership.role).exists():
        return  # already a member there; the old line stays as history
    membership.unit = unit
    membership.save(update_fields=["unit"])
    audit_log(
        action=MEMBERSHIP_MOVED,
        actor=actor,
        obj=membership,
        changes=changes,
        note=_("Sắp xếp đơn vị hành chính có hiệu lực từ %(date)s.") % {"date": effective.strftime("%d/%m/%Y")},
    )


def _write_history_paths(effective):
    """Each new unit opens its predecessors' subtrees to its members (see ``scope_paths``)."""
    history = {}
    for new_id, old_path in Succession.objects.filter(date=effective).values_list("new_id", "old__path"):
        history.setdefault(new_id, set()).add(old_path)
    units = list(Unit.objects.filter(pk__in=history))
    for unit in units:
        unit.history_paths = sorted(history[unit.pk])
    Unit.objects.bulk_update(units, ["history_paths"])


def _new_provinces(path, province_codes):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {row["new_province_code"] for row in data["rows"]} | set(province_codes or ())


def _move_or_queue(rows, field, move, *, direct, province_of, actor, effective):
    """Each open practice or officer membership (``field``) of an old unit: moved to its one successor with
    ``move``, or queued for the city board's choice when the unit was split. Returns (moved, queued)."""
    moved = queued = 0
    for row in rows:
        candidates = _candidates(row.unit, direct, effective)
        if len(candidates) == 1:
            move(row, unit=candidates[0], actor=actor, effective=effective)
            moved += 1
        elif candidates:
            SuccessorChoice.objects.create(
                old_unit=row.unit,
                province=province_of.get(candidates[0].parent_id, candidates[0]),
                date=effective,
                **{field: row},
            )
            queued += 1
    return moved, queued


def reform_apply(
    *,
    effective: datetime.date,
    succession_file=SUCCESSION_FILE,
    units_file=TWO_TIER_FILE,
    actor=None,
) -> dict:
    """Apply the reform of ``succession_file`` on ``effective`` (first day of the new structure). Idempotent.

    Returns counts: units closed and created, successions, practices moved and queued, memberships moved and queued.
    """
    data = json.loads(Path(succession_file).read_text(encoding="utf-8"))
    if data.get("effective") != effective.isoformat():
        raise DomainError(
            _("Tệp kế thừa có hiệu lực từ %(file)s, không phải %(date)s.")
            % {"file": data.get("effective"), "date": effective.strftime("%d/%m/%Y")}
        )
    last_day = effective - datetime.timedelta(days=1)
    new_province_codes = {official_code(code, UnitLevel.PROVINCE) for code in _new_provinces(succession_file, ())}
    old_communes = {official_code(row["old_code"], UnitLevel.COMMUNE) for row in data["rows"]}
    counts = {}
    with transaction.atomic():
        open_old = Unit.objects.filter(valid_until__isnull=True).exclude(valid_from=effective)
        old_provinces = list(
            open_old.filter(level=UnitLevel.PROVINCE).filter(
                Q(code__in=new_province_codes)
                | Q(pk__in=open_old.filter(code__in=old_communes, level=UnitLevel.COMMUNE).values("parent__parent"))
            )
        )
        # 1. Close the old provinces' whole trees (organizations included) on the day before.
        closed = 0
        for province in old_provinces:
            closed += Unit.objects.subtree_of(province).filter(valid_until__isnull=True).update(valid_until=last_day)
            Body.objects.filter(unit__path__startswith=province.path, valid_until__isnull=True).update(
                valid_until=last_day
            )
        counts["units_closed"] = closed
        # 2. Open the new structure, its successions and its bodies.
        loaded = load_units(units_file, province_codes=new_province_codes, valid_from=effective)
        counts["units_created"] = loaded["created"]
        successions = load_successions(succession_file)
        new_provinces = list(
            Unit.objects.filter(level=UnitLevel.PROVINCE, code__in=new_province_codes, valid_from=effective)
        )
        for new_province in new_provinces:
            for old in Unit.objects.filter(level=UnitLevel.PROVINCE, valid_until=last_day):
                if Succession.objects.filter(old__path__startswith=old.path, new__parent=new_province).exists():
                    _row, created = Succession.objects.get_or_create(old=old, new=new_province, date=effective)
                    successions["created"] += int(created)
            load_bodies(new_province)
        counts["successions_created"] = successions["created"]
        _write_history_paths(effective)
        counts["successions_skipped"] = successions["skipped"]
        # 3. Move what is still open; queue what was split.
        old_root_q = Q()
        for old in Unit.objects.filter(level=UnitLevel.PROVINCE, valid_until=last_day, successions__date=effective):
            old_root_q |= Q(unit__path__startswith=old.path)
        if not old_root_q:
            old_root_q = Q(pk__in=[])
        old_units = Unit.objects.filter(valid_until=last_day)
        direct = _successors(old_units, effective)
        province_of = {p.pk: p for p in new_provinces}
        move_or_queue = partial(
            _move_or_queue, direct=direct, province_of=province_of, actor=actor, effective=effective
        )
        practices = (
            Practice.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(old_root_q, state__in=OPEN_STATES)
            .exclude(successor_choice__isnull=False)
            .order_by("pk")
        )
        counts["practices_moved"], counts["practices_queued"] = move_or_queue(
            practices, "practice", practice_move_locked
        )
        officers = (
            officer_memberships()
            .select_related("unit")
            .filter(old_root_q, unit__level__in=[UnitLevel.COMMUNE, UnitLevel.ORGANIZATION])
            .exclude(successor_choice__isnull=False)
            .order_by("pk")
        )
        counts["memberships_moved"], counts["memberships_queued"] = move_or_queue(
            officers, "membership", _membership_move
        )
    return counts


def successor_candidates(choice: SuccessorChoice) -> list[Unit]:
    """The new units the city board may choose for a queued practice or officer."""
    old_units = Unit.objects.filter(pk__in=choice.old_unit.ancestor_ids)
    return _candidates(choice.old_unit, _successors(old_units, choice.date), choice.date)


def successor_choose(*, choice: SuccessorChoice, unit: Unit, actor) -> SuccessorChoice:
    """The city board puts a queued practice or officer in ``unit``, one of the old unit's successors."""
    if not may_choose_successor(actor, choice):
        raise DomainError(_("Chỉ cơ quan cấp tỉnh, thành phố mới chọn đơn vị mới."))
    with transaction.atomic():
        locked = SuccessorChoice.objects.select_for_update().get(pk=choice.pk)
        if locked.chosen_id is not None:
            raise DomainError(
                _("Đã chọn đơn vị mới “%(unit)s” (có thể người khác vừa chọn).") % {"unit": locked.chosen}
            )
        if unit.pk not in {candidate.pk for candidate in successor_candidates(locked)}:
            raise DomainError(_("Đơn vị được chọn không kế thừa “%(old)s”.") % {"old": locked.old_unit})
        if locked.practice_id:
            practice = Practice.objects.select_for_update().get(pk=locked.practice_id)
            if practice.state in OPEN_STATES:
                practice_move_locked(practice, unit=unit, actor=actor, effective=locked.date)
        else:
            _membership_move(locked.membership, unit=unit, actor=actor, effective=locked.date)
        locked.chosen, locked.chosen_by, locked.chosen_at = unit, actor, timezone.now()
        locked.save(update_fields=["chosen", "chosen_by", "chosen_at"])
        audit_log(
            action=SUCCESSOR_CHOSEN,
            actor=actor,
            obj=locked,
            practice=locked.practice,
            changes={"chosen": [None, unit.pk]},
        )
    return locked
