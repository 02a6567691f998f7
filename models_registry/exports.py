"""Excel export of a practice list, in the import template's columns (so that an exported list imports back).

Renderers return ``(filename, content_type, bytes)``; the sheet itself is written by models_registry.imports.workbook.
"""

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV/formula injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Text that a spreadsheet will show and never evaluate: a leading apostrophe before a formula sign."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def practices_xlsx(queryset, *, title=None):
    """The given practices as one sheet in the template's columns (see imports.workbook.practice_list_xlsx)."""
    from .imports.workbook import practice_list_xlsx  # the workbook module imports the constants above

    return practice_list_xlsx(queryset, title=title)
