# The INVEKST portal: gunicorn serving Django with whitenoise for static files.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 invekst

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .

# Static files are collected (and hashed) at build time; the key is only for this step.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --ignore=.venv \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && chown -R invekst:invekst /app

USER invekst
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1

# Migrations run once per deploy: `docker run IMAGE python manage.py migrate` (see README).
CMD ["gunicorn", "invekst.wsgi:application", "--config", "gunicorn.conf.py"]
