# The portal's image: web (gunicorn), Celery worker and Celery beat all run from it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=danvan.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media

# Pango/HarfBuzz for WeasyPrint; DejaVu so Vietnamese renders even before the bundled report fonts load;
# curl for health checks and debugging inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# The app never runs as root; static and media directories belong to it (named volumes copy this ownership).
RUN useradd --system --create-home --uid 10001 danvan \
    && mkdir -p /app/staticfiles /app/var/media \
    && chown -R danvan:danvan /app/staticfiles /app/var
USER danvan

EXPOSE 8000
CMD ["sh", "deploy/web-start.sh"]
