"""The numbering register (sổ đăng ký văn bản): numbers per issuer, document type and committee term.

A number is taken inside the transaction that issues the document, under the counter row's lock: two boards'
staff issuing at once get consecutive numbers, and a failed issue gives its number back (no gaps, no reuse).
"""

import datetime
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from models_registry.errors import DomainError
from models_registry.models import Unit

from ..identity import identity_for
from ..models import CommitteeTerm, DocumentType, NumberCounter, RegisterEntry

# When a committee's term is not recorded, terms are assumed to run from 1 July of each congress year
# (2020, 2025, 2030…): communes and districts hold their congresses before, provinces after; fix in the admin.
CONGRESS_YEAR_BASE = 2020
TERM_YEARS = 5
ASSUMED_TERM_START = (7, 1)
LEADING_NUMBER = re.compile(r"^\s*0*(\d+)")


def term_for(*, issuer: Unit, on: datetime.date) -> CommitteeTerm:
    """The issuer's committee term covering ``on``; an assumed standard term is recorded when none is."""
    for term in CommitteeTerm.objects.filter(unit=issuer, start__lte=on).order_by("-start"):
        if term.covers(on):
            return term
    start_year = CONGRESS_YEAR_BASE + (on.year - CONGRESS_YEAR_BASE) // TERM_YEARS * TERM_YEARS
    start = datetime.date(start_year, *ASSUMED_TERM_START)
    if on < start:
        start = datetime.date(start_year - TERM_YEARS, *ASSUMED_TERM_START)
    end = datetime.date(start.year + TERM_YEARS, *ASSUMED_TERM_START) - datetime.timedelta(days=1)
    # An assumed term stops where a recorded one begins (Hải Phòng: 1/7/2025 until the congress of 27/9/2025).
    following = CommitteeTerm.objects.filter(unit=issuer, start__gt=on, start__lte=end).order_by("start").first()
    if following is not None:
        end = following.start - datetime.timedelta(days=1)
    term, _created = CommitteeTerm.objects.get_or_create(
        unit=issuer,
        start=start,
        defaults={"end": end, "name": f"{start.year}–{start.year + TERM_YEARS}", "assumed": True},
    )
    return term


def format_number(*, seq: int, doc_type: str, symbol: str) -> str:
    """'05-QĐ/BDVTXU': two digits at least, as Party documents are numbered."""
    return f"{seq:02d}-{doc_type}/{symbol}"


def _highest_recorded(*, issuer, doc_type, term):
    """The highest number already on the issuer's documents of the term before the register kept them
    (decisions and reports recorded by hand): the register continues after it instead of reusing it."""
    from models_registry.models import Decision
    from reporting.models import Report

    if doc_type == DocumentType.DECISION:
        numbers = Decision.objects.filter(board=issuer, date__gte=term.start)
        if term.end:
            numbers = numbers.filter(date__lte=term.end)
        numbers = numbers.values_list("number", flat=True)
    elif doc_type == DocumentType.REPORT:
        numbers = Report.objects.filter(unit=issuer, created_at__date__gte=term.start).exclude(number="")
        if term.end:
            numbers = numbers.filter(created_at__date__lte=term.end)
        numbers = numbers.values_list("number", flat=True)
    else:
        numbers = []
    return max((int(m.group(1)) for n in numbers if (m := LEADING_NUMBER.match(n))), default=0)


def number_peek(*, issuer: Unit, doc_type: str, on: datetime.date) -> str:
    """The number the next document would get now (a suggestion: the real one is taken at issue time)."""
    term = term_for(issuer=issuer, on=on)
    counter = NumberCounter.objects.filter(issuer=issuer, doc_type=doc_type, term=term).first()
    last = counter.last if counter else _highest_recorded(issuer=issuer, doc_type=doc_type, term=term)
    return format_number(seq=last + 1, doc_type=doc_type, symbol=identity_for(issuer, on=on).symbol)


def _locked_counter(*, issuer, doc_type, term):
    # Create the row if missing without failing when another transaction creates it at the same moment,
    # then lock it: every issuer/type/term has one row that all takers queue on.
    if not NumberCounter.objects.filter(issuer=issuer, doc_type=doc_type, term=term).exists():
        last = _highest_recorded(issuer=issuer, doc_type=doc_type, term=term)
        NumberCounter.objects.bulk_create(
            [NumberCounter(issuer=issuer, doc_type=doc_type, term=term, last=last)], ignore_conflicts=True
        )
    return NumberCounter.objects.select_for_update().get(issuer=issuer, doc_type=doc_type, term=term)


def number_take(
    *, issuer: Unit, doc_type: str, on: datetime.date, subject: str, actor, number: str | None = None
) -> RegisterEntry:
    """Take the next number (or record the ``number`` typed for a document issued on paper) in the register.

    Must run inside the issuing transaction (the caller's ``transaction.atomic``); link the document to the
    returned entry before it commits.
    """
    if doc_type not in DocumentType.values:
        raise DomainError(_("Loại văn bản không hợp lệ."))
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the issuing transaction")
    term = term_for(issuer=issuer, on=on)
    counter = _locked_counter(issuer=issuer, doc_type=doc_type, term=term)
    manual = bool(number and number.strip())
    if manual:
        number = number.strip()
        match = LEADING_NUMBER.match(number)
        seq = int(match.group(1)) if match else None
        if (
            seq is not None
            and RegisterEntry.objects.filter(issuer=issuer, doc_type=doc_type, term=term, seq=seq).exists()
        ):
            raise DomainError(
                _("Số %(seq)s của loại văn bản này đã được cấp trong nhiệm kỳ %(term)s. Vui lòng kiểm tra lại số.")
                % {"seq": f"{seq:02d}", "term": term.name}
            )
        if seq is not None and seq > counter.last:
            counter.last = seq  # a number issued on paper: the next automatic number follows it
    else:
        counter.last += 1
        seq = counter.last
        number = format_number(seq=seq, doc_type=doc_type, symbol=identity_for(issuer, on=on).symbol)
    counter.save(update_fields=["last"])
    try:
        with transaction.atomic():
            return RegisterEntry.objects.create(
                issuer=issuer,
                doc_type=doc_type,
                term=term,
                seq=seq,
                number=number,
                date=on,
                subject=subject[:400],
                manual=manual,
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        raise DomainError(_("Số %(number)s đã được cấp. Vui lòng kiểm tra lại số.") % {"number": number}) from error
