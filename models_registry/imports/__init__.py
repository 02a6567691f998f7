"""Excel import and export of practices: one set of columns (columns.py), a safe reader (reader.py), the unit
matcher (units.py), the row checks (check.py) and the workbook writer (workbook.py). Writes are in
``models_registry.services.imports``."""
