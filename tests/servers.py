"""Throwaway Redis and PostgreSQL servers for fault tests, on free ports in temporary directories.

The machine's own PostgreSQL (5432) and Redis (6379) are never touched: tests that need a service to die
start their own copy here, stop it, and start it again.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, up=True, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            is_up = sock.connect_ex(("127.0.0.1", port)) == 0
        if is_up == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not go {'up' if up else 'down'} in {timeout}s")


class ThrowawayRedis:
    """A redis-server without persistence on a free port; ``stop()`` kills it, ``start()`` brings it back."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="danvan-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        wait_for_port(self.port, up=False)

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class ThrowawayPostgres:
    """A PostgreSQL cluster made with initdb in a temporary directory, on a free port, trust auth.

    PostgreSQL refuses to run as root, so as root the cluster belongs to (and runs as) the postgres OS user.
    """

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="danvan-pg-"))
        self.data = self.dir / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self._run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]
        )

    def _run(self, args):
        if self.user:
            args = ["runuser", "-u", self.user, "--", *args]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    @property
    def settings_dict(self):
        return {"NAME": "postgres", "USER": "postgres", "HOST": "127.0.0.1", "PORT": str(self.port)}

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", str(self.dir / "log"), "start"]
        )
        wait_for_port(self.port)
        return self

    def stop(self, mode="fast"):
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])
        wait_for_port(self.port, up=False)

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError, TimeoutError):
            self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def celery_broker(url):
    """Point the project's Celery app (and settings) at ``url`` with real publishing instead of eager tasks."""
    import kombu.pools
    from django.test import override_settings

    from danvan.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)

    def reset_pools():
        # Celery caches the broker connection and producer pools on the app, and kombu keeps them in global
        # groups keyed by broker URL: close and forget them all so the next publish uses the new URL.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = url
    app.conf.task_always_eager = False
    reset_pools()
    try:
        with override_settings(CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False):
            yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        reset_pools()
