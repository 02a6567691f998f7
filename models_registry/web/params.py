"""Numbers read from query parameters: only plain digits, only within what the database can compare."""

# PostgreSQL's bigint: larger ids cannot exist, and comparing with them is an error, not "no match".
MAX_ID = 2**63 - 1
# Far beyond any list's last page; a larger page number means the last page, not a 19-digit OFFSET.
MAX_PAGE = 100_000


def positive_int(value, *, limit=MAX_ID):
    """The whole number ``value`` holds, or None (empty, not ASCII digits — "²" is a digit to Python — zero or
    beyond ``limit``)."""
    if not value or not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= limit else None


def page_number(value):
    """The page asked for, 1 when absent or malformed, at most MAX_PAGE."""
    if value and isinstance(value, str) and value.isascii() and value.isdigit() and len(value) > 6:
        return MAX_PAGE
    return min(positive_int(value) or 1, MAX_PAGE)
