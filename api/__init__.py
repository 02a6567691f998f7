"""The REST API (DRF + drf-spectacular), personal API tokens and the open data of recognized practices.

Views here are thin like the pages: reads go through the same selectors and ``visible_to`` scopes, writes call the
same services (so they leave the same audit events), input is checked by the same forms, and a ``DomainError``
becomes a 409/400 with its Vietnamese message (``api.errors``).
"""
