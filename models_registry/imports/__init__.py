"""Excel import and export of practices: one set of columns (columns.py), a safe reader (reader.py), the unit
matcher (units.py), the row checks (rows.py for one row, check.py for the sheet, compare.py against the stored
practice) and the workbook writer (workbook.py). Writes are in ``models_registry.services.imports``."""
