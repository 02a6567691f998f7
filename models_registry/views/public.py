"""The public showcase (nhân rộng): recognized practices, without login and without personal contact data."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import Field
from ..models.practices import MOVEMENT_START_YEAR
from ..selectors.public import field_counts, public_practices
from ..selectors.units import district_boards
from ..web.params import page_number, positive_int
from ..web.widgets import select_options

PUBLIC_PAGE_SIZE = 20
# The visitor wants to know whether a search found 3 or 300 practices, not that the country holds 200,000.
COUNT_CAP = 1000
# The per-field counts of a search are the same for every visitor for a while.
FACET_SECONDS = 300


@dataclass
class Window:
    """One page of results without a total count.

    Counting every recognized practice of the country costs more than the page itself (200,000 rows at national
    scale); the showcase only needs "is there a next page", so it reads one row more than it shows.
    """

    object_list: list
    number: int
    has_next: bool
    count: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP"

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def window(queryset, page, size=None):
    size = size or PUBLIC_PAGE_SIZE
    number = page_number(page)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    has_next = len(rows) > size
    # On the last page the rows give the count; otherwise a bounded COUNT reads at most COUNT_CAP + 1 rows.
    last_page_known = not has_next and (rows or number == 1)
    count = start + len(rows) if last_page_known else queryset.order_by()[: COUNT_CAP + 1].count()
    return Window(object_list=rows[:size], number=number, has_next=has_next, count=count)


def _pick(options, value):
    """The option whose pk is ``value``; unknown or malformed values mean "no filter"."""
    wanted = positive_int(value)
    return next((option for option in options if option.pk == wanted), None) if wanted else None


def _pick_id(rows, value):
    """The pk among ``(pk, label)`` rows that ``value`` names; unknown or malformed values mean "no filter"."""
    wanted = positive_int(value)
    return next((pk for pk, _label in rows if pk == wanted), None) if wanted else None


def _year_options():
    """Years a practice can have been recognized in, newest first (the movement began in 2009)."""
    return list(range(timezone.localdate().year, MOVEMENT_START_YEAR - 1, -1))


def _facets(*, q, district, history, year, fields):
    """How many recognized practices each field holds for the current search, unit and year (cached a while:
    on the landing page every visitor asks the same question)."""
    key = "public-facets:" + hashlib.sha256(repr((q, district, year)).encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        counts = field_counts(public_practices(q=q, district=district, district_history=history, year=year))
        cache.set(key, counts, FACET_SECONDS)
    return [(field, counts.get(field.pk, 0)) for field in fields]


@require_GET
def public_list(request):
    """The showcase: search, filters by field, today's unit and year of recognition, and counts per field."""
    # The country's ~700 district boards: plain (pk, name) rows written as options in Python (select_options),
    # not 700 Unit instances through a template loop, which was about half of this page's cost.
    units = list(district_boards().values_list("pk", "name", "history_paths"))
    districts = [(pk, name) for pk, name, _history in units]
    fields = list(Field.objects.filter(active=True))
    district = _pick_id(districts, request.GET.get("district"))
    history = next((paths for pk, _name, paths in units if pk == district), ())
    field = _pick(fields, request.GET.get("field"))
    years = _year_options()
    year = positive_int(request.GET.get("year"))
    year = year if year in years else None
    q = request.GET.get("q", "").strip()[:200]
    practices = public_practices(q=q, district=district, district_history=history, field=field, year=year, photos=True)
    page = window(practices, request.GET.get("page"))
    # Keep the filters when moving between pages.
    query = request.GET.copy()
    query.pop("page", None)
    without_field = query.copy()
    without_field.pop("field", None)
    return render(
        request,
        "models_registry/public/list.html",
        {
            "page": page,
            "count_cap": COUNT_CAP,
            "district_options": select_options(districts, [district] if district else []),
            "fields": fields,
            "field": field,
            "facets": _facets(q=q, district=district, history=history, year=year, fields=fields),
            "years": years,
            "year": year,
            "q": q,
            "query": query.urlencode(),
            "query_without_field": without_field.urlencode(),
        },
    )


@require_GET
def public_detail(request, pk):
    """One recognized practice; any other state is a 404 here, whatever the id."""
    from documents.builders.common import public_url, qr_data_uri  # the QR code of the printed certificates

    practice = get_object_or_404(public_practices(photos=True), pk=pk)
    commendations = practice.commendations.only("form", "issuer", "decision_number", "date", "practice_id")
    url = public_url(practice.pk)
    return render(
        request,
        "models_registry/public/detail.html",
        {"practice": practice, "commendations": commendations, "public_url": url, "qr": qr_data_uri(url)},
    )
