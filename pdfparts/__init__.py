"""Long PDFs laid out in parts, in plain processes, one per core (the book of models, the report's annex).

Not a Django app and free of Django: ``python -m pdfparts.layout`` starts quickly in a child process.
"""
