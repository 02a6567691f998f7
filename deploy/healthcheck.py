"""Container health check for the web service: GET /healthz must answer 200 (database and broker reachable).

Sends a Host header from ALLOWED_HOSTS and X-Forwarded-Proto so that production's host check and HTTPS
redirect accept a request made from inside the container.
"""

import os
import sys
import urllib.error
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip("*.") or "localhost"
request = urllib.request.Request("http://127.0.0.1:8000/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed local URL)
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(error, file=sys.stderr)
    sys.exit(1)
