"""The production settings and the docker-compose shape (DESIGN §6)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides, drop=()):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "danvan.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        **extra,
    }


def test_check_deploy_prints_no_warnings():
    result = run_manage("check", "--deploy", env_overrides=production_env(), drop=("DEBUG",))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNINGS" not in output and "security.W" not in output


def test_check_deploy_notices_a_missing_protection():
    # The check above is meaningful: turning off the HTTPS redirect makes --deploy warn.
    result = run_manage("check", "--deploy", env_overrides=production_env(SECURE_SSL_REDIRECT="false"))
    assert "security.W008" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env_overrides=env, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_SSL_REDIRECT, s.DEBUG, s.SESSION_COOKIE_HTTPONLY, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = run_manage("shell", "-c", code, env_overrides=production_env(), drop=("DEBUG",))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True", "False", "True", "True"]


def test_docker_compose_has_the_production_shape():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "deploy/healthcheck.py" in services["web"]["healthcheck"]["test"]
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["env_file"] == ".env"
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "danvan.settings.production"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]
    assert {"db-data", "media"} <= set(compose["volumes"])
    start = (ROOT / "deploy" / "web-start.sh").read_text()
    assert "migrate --noinput" in start and "collectstatic --noinput" in start and "gunicorn danvan.wsgi" in start
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "libpango" in dockerfile and "\nUSER danvan" in dockerfile


def test_production_always_requires_the_second_factor():
    # No environment variable turns it off in production; the dev settings (make run) may.
    code = "from django.conf import settings as s; print(s.SECOND_FACTOR_REQUIRED, s.ADMIN_URL, s.TRUSTED_PROXIES)"
    result = run_manage(
        "shell", "-c", code, env_overrides=production_env(SECOND_FACTOR_REQUIRED="0", ADMIN_URL="/quan-tri-x/")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True quan-tri-x/ []"
    dev = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECOND_FACTOR_REQUIRED)",
        env_overrides={"DJANGO_SETTINGS_MODULE": "danvan.settings.dev", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert dev.stdout.strip().splitlines()[-1] == "False", dev.stderr


def test_production_refuses_a_malformed_trusted_proxy():
    result = run_manage("check", env_overrides=production_env(TRUSTED_PROXIES="10.0.0.1,not-an-address"))
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
