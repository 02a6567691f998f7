from django import template

from models_registry.models.units import COMMITTEE_BY_KIND

from ..builders.charts import vn_number as _vn_number

register = template.Library()

COMMITTEE_PREFIXES = sorted({*COMMITTEE_BY_KIND.values(), "ĐẢNG ỦY"}, key=len, reverse=True)


@register.filter
def vn_number(value):
    return _vn_number(value)


@register.filter
def iso_date(value):
    """'2021-12-15' (as the statistics snapshot stores dates) -> '15/12/2021'."""
    if not value:
        return ""
    year, month, day = str(value)[:10].split("-")
    return f"{day}/{month}/{year}"


@register.filter
def paragraphs(text):
    """The board's narrative split into paragraphs at line breaks (each becomes an indented <p>)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def title_vi(committee):
    """'THỊ ỦY KINH MÔN' -> 'Thị ủy Kinh Môn' (the committee's name inside a sentence)."""
    for prefix in COMMITTEE_PREFIXES:
        if committee.startswith(prefix + " "):
            rest = committee[len(prefix) + 1 :]
            return f"{prefix[:1]}{prefix[1:].lower()} {rest.title()}"
    return committee


STATUS_BADGES = {
    "queued": "bg-secondary",
    "running": "bg-info text-dark",
    "succeeded": "bg-success",
    "failed": "bg-danger",
}


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "bg-secondary")
