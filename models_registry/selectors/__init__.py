"""Reads, by topic. Every query starts from a scoped queryset (``visible_to`` or ``permissions``), so a view that
uses them cannot show another unit's data."""
