"""Who speaks for a unit on a date, and in which words: the one door for document headers, symbols and signers.

Other modules ask here instead of looking at a unit's level or kind::

    identity = document_identity(board, on=decision.date)
    identity.header_lines        # ("THỊ ỦY KINH MÔN", "BAN DÂN VẬN")  or ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "ĐẢNG ỦY PHƯỜNG KINH MÔN")
    identity.number("12", "BC")  # "12-BC/BDVTXU"                     or "12-BC/ĐU"
    identity.signature_lines     # ("T/M BAN DÂN VẬN", "TRƯỞNG BAN")   or ("T/M ĐẢNG ỦY", "BÍ THƯ")
    identity.body_name           # "Ban Dân vận Thị ủy Kinh Môn"      or "Đảng ủy Phường Kinh Môn"
    identity.level_name          # "cấp huyện"                         or "cấp xã"

    current_phase(on=day)              # the Phase whose years cover ``day`` (2026–2030 from 1/1/2026)
    implemented_plan(board, on=day)    # the Plan the board implements then (its own, else the nearest ancestor's)

The words come from ``Body`` rows (one per unit and validity interval, editable in the admin; loaded for Hải
Dương's boards and Hải Phòng's bodies by ``bodies_import``). A unit without a row gets the defaults of
``DEFAULT_WORDS`` for its level, so national-scale synthetic data needs no rows. The three-tier history and the
two-tier city run through the same lookup: the date picks the unit rows and the body rows, nothing else.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from .models import Body, Phase, Plan, Unit, UnitLevel
from .models.bodies import SigningForm
from .models.units import COMMITTEE_BY_KIND, UnitKind, valid_on_q

# Default words by the level of the unit whose body speaks; ``{committee}`` is e.g. "THỊ ỦY KINH MÔN",
# ``{unit}`` the unit's name, ``{province}`` the name of its province. A Body row overrides all of them.
DEFAULT_WORDS = {
    UnitLevel.PROVINCE: {
        "name": "Ban Dân vận {Committee}",
        "header_upper": "{COMMITTEE}",
        "header_body": "BAN DÂN VẬN",
        "level_name": "cấp tỉnh",
        "collective": "BAN DÂN VẬN",
        "head_title": "TRƯỞNG BAN",
        "reports_to": "Ban Dân vận Trung ương",
    },
    UnitLevel.DISTRICT: {
        "name": "Ban Dân vận {Committee}",
        "header_upper": "{COMMITTEE}",
        "header_body": "BAN DÂN VẬN",
        "level_name": "cấp huyện",
        "collective": "BAN DÂN VẬN",
        "head_title": "TRƯỞNG BAN",
        "reports_to": "Ban Dân vận {Province committee}",
    },
    # After the 2025 reform a commune's Party committee reviews (DESIGN §7).
    UnitLevel.COMMUNE: {
        "name": "Đảng ủy {unit}",
        "header_upper": "ĐẢNG BỘ {PROVINCE}",
        "header_body": "ĐẢNG ỦY {UNIT}",
        "level_name": "cấp xã",
        "collective": "ĐẢNG ỦY",
        "head_title": "BÍ THƯ",
        "reports_to": "Ban Dân vận {Province committee}",
        "symbol": "ĐU",
    },
}


# A unit kind whose level has its own name, whatever its level: a city under the central government.
LEVEL_NAME_BY_KIND = {UnitKind.CENTRAL_CITY: "cấp thành phố"}


@dataclass(frozen=True)
class DocumentIdentity:
    """How the body speaking for a unit on a date names itself and signs (Hướng dẫn 36-HD/VPTW)."""

    unit_id: int  # the unit whose body this is (the board), not necessarily the unit asked about
    body_name: str  # in a sentence: "Ban Dân vận Thị ủy Kinh Môn", "Đảng ủy Phường Kinh Môn"
    header_lines: tuple[str, ...]  # top-left of a document, above the "*": ("THỊ ỦY KINH MÔN", "BAN DÂN VẬN")
    symbol: str  # "BDVTXU" in "Số 12-BC/BDVTXU"
    place: str  # "Kinh Môn" in "Kinh Môn, ngày 14 tháng 6 năm 2022"
    level_name: str  # the recognition level it grants: "cấp huyện", "cấp xã", "cấp thành phố"
    signing_form: str  # "T/M BAN DÂN VẬN", "K/T TRƯỞNG BAN" or "" (signs in person)
    signer_title: str  # "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BÍ THƯ"
    signer_name: str  # may be empty: the signer is then typed on the document
    reports_to: str  # the body its reports go to: "Ban Dân vận Tỉnh ủy Hải Dương"
    on: datetime.date

    def number(self, number, kind="BC"):
        """'12-BC/BDVTXU': a document number with its type (BC báo cáo, QĐ quyết định, KH kế hoạch)."""
        return f"{number}-{kind}/{self.symbol}"

    @property
    def signature_lines(self):
        """The lines above the signature: ('T/M BAN DÂN VẬN', 'TRƯỞNG BAN'), or just the title in person."""
        return tuple(line for line in (self.signing_form, self.signer_title) if line)


def _today():
    return timezone.localdate()


def _format_words(template, unit, province):
    committee = unit.committee
    province_committee = province.committee if province else committee
    return template.format(
        COMMITTEE=committee,
        Committee=sentence_case(committee),
        unit=unit.name,
        UNIT=unit.name.upper(),
        PROVINCE=(province or unit).name.upper(),
        **{"Province committee": sentence_case(province_committee)},
    )


def sentence_case(committee):
    """'THỊ ỦY KINH MÔN' -> 'Thị ủy Kinh Môn' (a committee's name inside a sentence)."""
    for prefix in sorted({*COMMITTEE_BY_KIND.values(), "ĐẢNG ỦY"}, key=len, reverse=True):
        if committee.startswith(prefix + " "):
            rest = committee[len(prefix) + 1 :]
            return f"{prefix[:1]}{prefix[1:].lower()} {rest.title()}"
    return committee


def signing_form_text(form, *, collective, head_title):
    if form == SigningForm.ON_BEHALF:
        return f"T/M {collective}"
    if form == SigningForm.DEPUTY:
        return f"K/T {head_title}"
    return ""


def default_words(unit, province):
    """The field values a ``Body`` row of ``unit`` would hold by default (used for missing rows and by loaders)."""
    words = DEFAULT_WORDS.get(unit.level, DEFAULT_WORDS[UnitLevel.DISTRICT])
    values = {key: _format_words(words[key], unit, province) for key in words if key != "symbol"}
    values["level_name"] = default_level_name(unit)
    values["symbol"] = words.get("symbol") or unit.symbol
    values["place"] = unit.short_name
    values["signing_form"] = SigningForm.ON_BEHALF
    values["signer_title"] = values["head_title"]
    values["signer_name"] = ""
    return values


def _identity(unit, values, on):
    return DocumentIdentity(
        unit_id=unit.pk,
        body_name=values["name"],
        header_lines=(values["header_upper"], values["header_body"]),
        symbol=values["symbol"],
        place=values["place"],
        level_name=values["level_name"],
        signing_form=signing_form_text(
            values["signing_form"], collective=values["collective"], head_title=values["head_title"]
        ),
        signer_title=values["signer_title"],
        signer_name=values["signer_name"],
        reports_to=values["reports_to"],
        on=on,
    )


BODY_FIELDS = [
    "name",
    "header_upper",
    "header_body",
    "symbol",
    "place",
    "level_name",
    "signing_form",
    "collective",
    "head_title",
    "signer_title",
    "signer_name",
    "reports_to",
]


def document_identity(unit: Unit, *, on: datetime.date | None = None) -> DocumentIdentity:
    """The body that speaks for ``unit`` on ``on`` (default today) and its words. Two queries.

    The body is the unit's own when it has a ``Body`` row valid that day, reviews, or is a province; otherwise
    that of its nearest ancestor that does — so asking about a commune of 2023 gives its district's Ban Dân vận,
    and asking about a ward of 2026 gives the ward's own Đảng ủy.
    """
    on = on or _today()
    chain = list(unit.ancestors())[::-1]  # the unit first, then upwards
    bodies = {
        body.unit_id: body
        for body in Body.objects.filter(valid_on_q(on), unit__in=[u.pk for u in chain]).order_by("valid_from")
    }
    speaker = next(
        (u for u in chain if u.pk in bodies or u.reviews or u.level == UnitLevel.PROVINCE),
        chain[-1],
    )
    body = bodies.get(speaker.pk)
    if body is not None:
        values = {name: getattr(body, name) for name in BODY_FIELDS}
    else:
        province = next((u for u in chain if u.level == UnitLevel.PROVINCE), None)
        values = default_words(speaker, province)
    return _identity(speaker, values, on)


def reviewing_units(units: Iterable[Unit], *, on: datetime.date | None = None) -> dict[int, Unit]:
    """``{unit id: the unit whose body reviews it on ``on``}`` for many units, by ``document_identity``'s rule.

    No query when every unit speaks for itself (it reviews, is a province or a root); else two (their ancestors
    and the Body rows valid that day).
    """
    on = on or _today()
    found, rest = {}, []
    for unit in units:
        if unit.reviews or unit.level == UnitLevel.PROVINCE or unit.parent_id is None:
            found[unit.pk] = unit
        else:
            rest.append(unit)
    if rest:
        ids = {pk for unit in rest for pk in unit.ancestor_ids}
        chain_units = Unit.objects.in_bulk(ids)
        with_body = set(Body.objects.filter(valid_on_q(on), unit__in=ids).values_list("unit_id", flat=True))
        for unit in rest:
            chain = [chain_units[pk] for pk in reversed(unit.ancestor_ids) if pk in chain_units]
            found[unit.pk] = next(
                (u for u in chain if u.pk in with_body or u.reviews or u.level == UnitLevel.PROVINCE),
                chain[-1] if chain else unit,
            )
    return found


def body_names(pairs: Iterable[tuple[Unit, datetime.date]]) -> dict[tuple[int, datetime.date], str]:
    """``{(unit id, day): body name}`` for units that speak for themselves (boards, provinces), in one query.

    For list pages: each decision's issuing body as it was called on the decision's date, without two queries a
    row. A unit without a ``Body`` row valid that day gets its default name, as in ``document_identity``.
    """
    pairs = list(pairs)
    units = {unit.pk: unit for unit, _day in pairs}
    rows = defaultdict(list)
    for body in (
        Body.objects.filter(unit__in=list(units))
        .order_by("valid_from")
        .only("unit_id", "name", "valid_from", "valid_until")
    ):
        rows[body.unit_id].append(body)
    names = {}
    for unit, day in pairs:
        body = next(
            (
                b
                for b in rows[unit.pk]
                if (b.valid_from is None or b.valid_from <= day) and (b.valid_until is None or b.valid_until >= day)
            ),
            None,
        )
        names[(unit.pk, day)] = body.name if body is not None else default_words(unit, None)["name"]
    return names


def default_level_name(unit: Unit) -> str:
    """The level name of a body without a ``Body`` row, by its unit's kind or level: "cấp thành phố" for a city
    under the central government (Hà Nội, Hải Phòng…), "cấp tỉnh" for a province, "cấp huyện", "cấp xã"."""
    if unit.kind in LEVEL_NAME_BY_KIND:
        return LEVEL_NAME_BY_KIND[unit.kind]
    return DEFAULT_WORDS.get(unit.level, DEFAULT_WORDS[UnitLevel.DISTRICT])["level_name"]


def default_area_name(unit: Unit) -> str:
    """The territory a unit's body speaks for, as in "toàn tỉnh" / "toàn thành phố": its level name without
    "cấp" ("thành phố" for a city under the central government, "tỉnh" for a province)."""
    return default_level_name(unit).removeprefix("cấp ")


def reviewing_body_name(practice, *, on: datetime.date | None = None) -> str:
    """'Ban Dân vận Thị ủy Kinh Môn' or 'Đảng ủy Phường Kinh Môn': the body that reviews ``practice`` (two queries)."""
    return document_identity(practice.board, on=on).body_name


def current_phase(*, on: datetime.date | None = None, phases=None) -> Phase | None:
    """The phase whose years cover ``on`` (default today): 2021–2025 until 31/12/2025, then 2026–2030.

    ``phases`` (every Phase, already loaded by the caller) spares the query.
    """
    year = (on or _today()).year
    if phases is not None:
        covering = [phase for phase in phases if phase.start_year <= year <= phase.end_year]
        return max(covering, key=lambda phase: phase.start_year, default=None)
    return Phase.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()


def implemented_plan(unit: Unit, *, on: datetime.date | None = None) -> Plan | None:
    """The plan ``unit``'s board implements on ``on``: its own for that phase, else its nearest ancestor's."""
    phase = current_phase(on=on)
    if phase is None:
        return None
    ids = unit.ancestor_ids
    plans = {plan.unit_id: plan for plan in Plan.objects.filter(phase=phase, unit__in=ids)}
    return next((plans[pk] for pk in reversed(ids) if pk in plans), None)


def phase_words(phase):
    """'2021 – 2025' as the documents write a phase."""
    return f"{phase.start_year} – {phase.end_year}" if phase else ""


__all__ = [
    "DEFAULT_WORDS",
    "DocumentIdentity",
    "body_names",
    "current_phase",
    "default_area_name",
    "default_level_name",
    "default_words",
    "document_identity",
    "implemented_plan",
    "phase_words",
    "reviewing_body_name",
    "reviewing_units",
    "sentence_case",
]
