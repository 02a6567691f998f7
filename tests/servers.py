"""Throwaway Redis and PostgreSQL servers for fault tests, on free ports in temporary directories.

The machine's own PostgreSQL (5432) and Redis (6379) are never touched: tests that need a service to die
start their own copy here, stop it, and start it again.
"""

import atexit
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _pg_bin():
    """The PostgreSQL server programs: $PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


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


ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def database_url(settings_dict):
    """A DATABASE_URL for ``settings_dict`` (e.g. the test database) to hand to a subprocess."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def project_env(**overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DJANGO_SETTINGS")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({"PYTHONUNBUFFERED": "1"}, **overrides)
    return env


class _LoggedProcess:
    """A subprocess whose output goes to a log file, so a test can wait for a line and show it on failure."""

    def __init__(self, args, env, name):
        log_dir = tempfile.mkdtemp(prefix=f"danvan-{name}-")
        # Tests read the log after stopping the process; the directory goes when the test run ends.
        atexit.register(shutil.rmtree, log_dir, True)
        self.log_path = Path(log_dir) / "out.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"process exited ({self.process.returncode}):\n{self.log()[-3000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{text!r} not seen in {timeout}s:\n{self.log()[-3000:]}")

    def kill(self, sig=9):
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
            self.process.wait(15)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()


class CeleryWorker(_LoggedProcess):
    """A real Celery worker (one process, solo pool) on ``broker_url``, using the database ``db_url``."""

    def __init__(self, *, broker_url, db_url, name="danvan-test", settings="danvan.settings.test", extra_env=None):
        env = project_env(
            DJANGO_SETTINGS_MODULE=settings, DATABASE_URL=db_url, REDIS_URL=broker_url, **(extra_env or {})
        )
        args = [
            str(VENV_BIN / "celery"),
            "-A",
            "danvan",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}-{os.getpid()}-{free_port()}@%h",
        ]
        super().__init__(args, env, "worker")
        self.wait_for_log("ready.", timeout=90)

    @property
    def pid(self):
        return self.process.pid


class GunicornServer(_LoggedProcess):
    """The WSGI app under gunicorn with ONE sync worker, so one database connection lives across requests."""

    def __init__(self, *, env):
        self.port = free_port()
        args = [
            str(VENV_BIN / "gunicorn"),
            "danvan.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ]
        super().__init__(args, project_env(**env), "gunicorn")
        wait_for_port(self.port, timeout=60)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class SilentServer:
    """Accepts TCP connections and never answers: a hung broker or a half-dead network path."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(50)
        self.port = self.socket.getsockname()[1]

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def close(self):
        self.socket.close()
