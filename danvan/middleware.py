import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked English with the language switch.

    Office PCs often run an English browser; its Accept-Language header must not turn the portal English.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address or network.") from error
    return networks


def _in(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request):
    """The client's address for throttling and logs: REMOTE_ADDR as TrustedProxyMiddleware settled it."""
    return request.META.get("REMOTE_ADDR", "")


class TrustedProxyMiddleware:
    """Believes X-Forwarded-For and X-Forwarded-Proto only when the peer is one of TRUSTED_PROXIES.

    From a trusted proxy, the client is the right-most forwarded address that is not itself a trusted proxy
    (addresses further left were written by the client and prove nothing). From anyone else both headers are
    removed, so SECURE_PROXY_SSL_HEADER and the login throttle never see a value the client chose.
    """

    FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = _networks(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        meta = request.META
        if self.proxies and _in(meta.get("REMOTE_ADDR", ""), self.proxies):
            forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
            for address in reversed(forwarded):
                if not _in(address, [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]):
                    break  # not an address: stop trusting the chain here
                if not _in(address, self.proxies):
                    meta["REMOTE_ADDR"] = address
                    break
        else:
            for header in self.FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; signed-in pages are never stored by browsers or proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A shared office PC's back button or disk cache must not show the previous person's pages.
            response["Cache-Control"] = "no-store"
            response.setdefault("Pragma", "no-cache")
        return response


class RejectNulMiddleware:
    """A NUL character in a query or form parameter answers 400 in Vietnamese.

    PostgreSQL cannot store or compare a string holding NUL (psycopg2 raises ValueError, a server error), and
    no person types one: it comes from a broken client or a probe.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for params in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    from .errors import invalid_characters

                    return invalid_characters(request)
        return self.get_response(request)
