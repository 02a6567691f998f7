"""Web plumbing shared by the pages: list filters, widgets, paginators, context processors, middleware."""
