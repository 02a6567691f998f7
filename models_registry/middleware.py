"""Tell the user, in plain words, when something they did was saved but its follow-up work had to wait."""

from django.contrib import messages

from .queueing import start_collecting, stop_collecting


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
