"""Finding a unit from the name officials write in a sheet ("P. An Lưu", "phường An Lưu", "An Lưu").

Names are compared without diacritics, case, punctuation or the kind prefix; a name shared by several units of
the scope is told apart by the parent written after it ("Xã Tân Việt (Huyện Thanh Hà)", "Tân Việt, Thanh Hà").
A unit is a candidate only on the dates it was valid (``valid_from`` / ``valid_until``), so a row dated before
the 2025 reform finds the old commune and a row dated after finds the new one.
"""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _
from unidecode import unidecode

from ..models import Unit

# Written prefixes, folded, longest first; abbreviations map to the full prefix.
PREFIXES = [
    ("thanh pho", "thanh pho"),
    ("thi tran", "thi tran"),
    ("thi xa", "thi xa"),
    ("huyen", "huyen"),
    ("phuong", "phuong"),
    ("quan", "quan"),
    ("tinh", "tinh"),
    ("xa", "xa"),
    ("tp", "thanh pho"),
    ("tt", "thi tran"),
    ("tx", "thi xa"),
    ("p", "phuong"),
    ("x", "xa"),
    ("h", "huyen"),
    ("q", "quan"),
]
PUNCTUATION = re.compile(r"[.,;:()\[\]/\\\-–—_\"“”'‘’]+")
# What separates a name from its parent: "Tân Việt (Thanh Hà)", "Tân Việt, Thanh Hà", "Tân Việt - Thanh Hà".
PARENT_SEPARATOR = re.compile(r"\s*(?:\(|,|;|\s[-–—]\s)\s*")
SUGGESTIONS = 3


@lru_cache(maxsize=8192)
def _fold(text):
    return " ".join(PUNCTUATION.sub(" ", unidecode(text).lower()).split())


def fold_name(text):
    """'  P. Ứng Hoè ' -> 'p ung hoe': no diacritics, lower case, punctuation as spaces, single spaces."""
    return _fold(str(text or ""))


def split_prefix(folded):
    """'phuong an luu' -> ('phuong', 'an luu'); 'an luu' -> ('', 'an luu')."""
    for written, prefix in PREFIXES:
        if folded.startswith(written + " ") and len(folded) > len(written) + 1:
            return prefix, folded[len(written) + 1 :]
    return "", folded


def short_key(name):
    return split_prefix(fold_name(name))[1]


@dataclass
class UnitMatch:
    unit: Unit | None = None
    message: str = ""
    suggestions: list = field(default_factory=list)


def valid_on(unit, day):
    if day is None:
        return unit.valid_until is None
    if unit.valid_from is not None and day < unit.valid_from:
        return False
    return unit.valid_until is None or day < unit.valid_until


class UnitMatcher:
    """Matches written names to the units of one subtree (the importer's scope), in memory after one query."""

    def __init__(self, scope):
        units = list(Unit.objects.subtree_of(scope).select_related("parent").order_by("path"))
        self.by_id = {unit.pk: unit for unit in units}
        self.index = defaultdict(list)
        for unit in units:
            prefix, key = split_prefix(fold_name(unit.name))
            unit._import_prefix = prefix
            self.index[key].append(unit)

    def _ancestor_keys(self, unit):
        keys = set()
        parent = self.by_id.get(unit.parent_id)
        while parent is not None:
            keys.add(short_key(parent.name))
            parent = self.by_id.get(parent.parent_id)
        return keys

    def match(self, text, day=None):
        """The unit named ``text`` that was valid on ``day`` (today's units when None)."""
        raw = str(text or "").strip()
        if not raw:
            return UnitMatch(message=_("Chưa ghi đơn vị đăng ký."))
        parts = [part for part in PARENT_SEPARATOR.split(raw, maxsplit=1) if part.strip()]
        main = parts[0]
        parent = short_key(parts[1]) if len(parts) > 1 else ""
        prefix, key = split_prefix(fold_name(main))
        candidates = [unit for unit in self.index.get(key, []) if valid_on(unit, day)]
        if prefix:
            same_kind = [unit for unit in candidates if unit._import_prefix == prefix]
            candidates = same_kind or candidates
        if parent and len(candidates) > 1:
            candidates = [unit for unit in candidates if parent in self._ancestor_keys(unit)] or candidates
        if len(candidates) == 1:
            return UnitMatch(unit=candidates[0])
        if len(candidates) > 1:
            names = [self.label_with_parent(unit) for unit in candidates[:5]]
            return UnitMatch(
                message=_("Có nhiều đơn vị tên “%(name)s”: %(names)s. Ghi thêm đơn vị cấp trên trong ngoặc.")
                % {"name": raw, "names": "; ".join(names)},
                suggestions=names,
            )
        return self._unknown(raw, key, day)

    def _unknown(self, raw, key, day):
        keys = [k for k, units in self.index.items() if any(valid_on(unit, day) for unit in units)]
        close = difflib.get_close_matches(key, keys, n=SUGGESTIONS, cutoff=0.6)
        names = []
        for k in close:
            names.extend(self.label_with_parent(unit) for unit in self.index[k] if valid_on(unit, day))
        names = names[:SUGGESTIONS]
        if names:
            message = _("Không tìm thấy đơn vị “%(name)s” trong phạm vi của bạn. Có phải: %(names)s?") % {
                "name": raw,
                "names": "; ".join(names),
            }
        else:
            message = _("Không tìm thấy đơn vị “%(name)s” trong phạm vi của bạn.") % {"name": raw}
        return UnitMatch(message=message, suggestions=names)

    def label_with_parent(self, unit):
        parent = self.by_id.get(unit.parent_id) or unit.parent
        return f"{unit.name} ({parent.name})" if parent else unit.name


def unit_matcher(scope):
    """The one place the importer gets its matcher from (switch here when units gain as-of queries)."""
    return UnitMatcher(scope)


def unit_label(unit):
    return unit.name


def unit_labels(units):
    """{unit id: name as written in an exported file}: the name, and the parent in brackets where the name is
    shared with another unit of the same province (so that the file imports back to the same unit)."""
    units = list(units)
    if not units:
        return {}
    roots = {unit.path.split("/")[1] for unit in units}
    counts = Counter()
    in_roots = reduce(or_, (Q(path__startswith=f"/{root}/") for root in roots))
    for path, name in Unit.objects.filter(in_roots).values_list("path", "name"):
        counts[(path.split("/")[1], short_key(name))] += 1
    labels = {}
    for unit in units:
        if counts[(unit.path.split("/")[1], short_key(unit.name))] > 1 and unit.parent_id:
            labels[unit.pk] = f"{unit.name} ({unit.parent.name})"
        else:
            labels[unit.pk] = unit.name
    return labels
