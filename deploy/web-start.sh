#!/bin/sh
# Web container start: bring the schema and static files up to date, then serve with gunicorn.
set -eu
python manage.py migrate --noinput
python manage.py collectstatic --noinput
exec gunicorn danvan.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${GUNICORN_WORKERS:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --access-logfile - \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}"
