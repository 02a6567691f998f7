"""Queue a Celery task, or defer it when the broker (Redis) is unreachable.

Work that matters is never lost with the broker: the caller's rows (a Notification still ``email_pending``, a
Report still ``queued``) already say what remains to do, and a periodic sweep retries it. ``queue_or_defer``
only tells whether the task reached the queue, and records a plain message for the person who is waiting;
``DeferredTaskMessagesMiddleware`` shows it, so services never touch the messages framework.
"""

import contextvars
import logging

from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Broker outages as the publisher sees them (kombu wraps most; a raw socket error can still escape).
BROKER_ERRORS = (KombuOperationalError, RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)

# Messages for the current request; None outside a request (tasks, shell), where nobody is waiting.
_deferred_messages = contextvars.ContextVar("deferred_task_messages", default=None)


def queue_or_defer(task, *args, deferred_message=None, **kwargs):
    """Send ``task`` to the queue; return True if queued, False if the broker is down (the work is deferred)."""
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as error:
        logger.warning("Broker unavailable, %s deferred to the periodic sweep: %s", task.name, error)
        pending = _deferred_messages.get()
        if pending is not None and deferred_message:
            pending.append(str(deferred_message))
        return False
    return True


def start_collecting():
    return _deferred_messages.set([])


def stop_collecting(token):
    messages = _deferred_messages.get() or []
    _deferred_messages.reset(token)
    return list(dict.fromkeys(messages))
