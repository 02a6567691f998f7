"""Tell the user, in plain words, when something they did was saved but its follow-up work had to wait."""

import logging

from django.contrib import messages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

from ..queueing import start_collecting, stop_collecting

logger = logging.getLogger(__name__)


class DeferredTaskMessagesMiddleware:
    """Shows the messages recorded by ``queue_or_defer`` during the request (after a POST: on the next page).

    Must come after MessageMiddleware so that the message is stored before that middleware saves them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_collecting()
        try:
            response = self.get_response(request)
        finally:
            deferred = stop_collecting(token)
        for text in deferred:
            messages.warning(request, text, fail_silently=True)
        return response


def database_unavailable(exception) -> bool:
    """Whether the error says the database cannot be reached (down, restarting, connection lost).

    psycopg2 files other errors under OperationalError too — an index row over PostgreSQL's size limit, a
    cancelled statement — and calling those a restart would be untrue: they are server errors (500). A server
    that answers carries an SQLSTATE; class 08 (connection) and 57P (shutdown, starting up) mean unreachable.
    """
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    code = getattr(exception.__cause__, "pgcode", None)
    return code is None or code.startswith(("08", "57P"))


class DatabaseUnavailableMiddleware:
    """A database that is restarting answers a plain 503 page in Vietnamese instead of a server error.

    Persistent connections are checked before reuse (CONN_HEALTH_CHECKS), so the next request after the
    database is back reconnects by itself; this page covers the requests made while it is still down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        # Drop the broken connection now so the next request opens a fresh one.
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        # A template without the base layout: its context processors would query the database again.
        response = HttpResponse(render_to_string("db_unavailable.html"), status=503)
        response["Retry-After"] = "30"
        return response
