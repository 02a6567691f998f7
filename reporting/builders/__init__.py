"""Report documents by format: ``document`` (what a report says, filenames), ``pdf`` (WeasyPrint), ``xlsx``
(openpyxl) and ``charts`` (numbers and SVG charts). Each builder returns ``(filename, content_type, bytes)``."""
