"""/healthz: is the database reachable, and the task broker? For the deployment's health checks."""

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

# A load balancer calls this every few seconds: answer within a few seconds even when a service hangs.
BROKER_TIMEOUT_SECONDS = 2


def database_status():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to talk to the database is "error" for the health check
        connections["default"].close_if_unusable_or_obsolete()
        return "error"
    return "ok"


def broker_status():
    """'inline' when no broker is configured (tasks run in the web process), else 'ok' or 'error'."""
    url = settings.CELERY_BROKER_URL or ""
    if not url or url.startswith("memory://"):
        return "inline"
    connection = Connection(
        url,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
        transport_options={
            "socket_timeout": BROKER_TIMEOUT_SECONDS,
            "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
            "max_retries": 0,
        },
    )
    try:
        # For Redis, opening a channel sends PING; a refused or silent port fails within the timeout.
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        connection.default_channel  # noqa: B018 (opening it is the check)
    except Exception:
        return "error"
    finally:
        connection.release()
    return "ok"


@never_cache
def healthz(request):
    """JSON {"database": ..., "broker": ...}; 200 when every part works, 503 otherwise. No login needed."""
    status = {"database": database_status(), "broker": broker_status()}
    healthy = status["database"] == "ok" and status["broker"] in ("ok", "inline")
    return JsonResponse(status, status=200 if healthy else 503)
