# The INVEKST portal: one image for the web process (gunicorn) and the worker
# (`python manage.py worker`). Dependencies come from requirements.lock (hashed; generated
# from pyproject.toml with pip-compile, checked to be current in CI).
#
# Stop with a grace longer than gunicorn's graceful timeout (20 s):
#   docker stop -t 30 …   or   docker run --stop-timeout 30 …
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install the locked dependencies, compile translations, collect static files --
FROM ${PYTHON_IMAGE} AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes --no-deps --only-binary=:all: -r /tmp/requirements.lock

WORKDIR /app
COPY . .
# Static files are collected (and hashed) at build time; the key is only for these steps.
RUN DJANGO_SECRET_KEY=build-only-not-secret /venv/bin/python manage.py compilemessages --ignore=.venv -v0 \
    && DJANGO_SECRET_KEY=build-only-not-secret /venv/bin/python manage.py collectstatic --noinput -v0 \
    && find /app -name "*.po" -delete \
    && /venv/bin/python -m compileall -q /app /venv >/dev/null

# --- runtime: the app and its dependencies, nothing else -----------------------------------
FROM ${PYTHON_IMAGE}

ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PORT=8000

# A user without a home or shell; the code stays owned by root, so the process cannot change it.
RUN groupadd --system --gid 10001 invekst \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin invekst

COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER 10001:10001
EXPOSE 8000

# No curl in the image: Python asks /healthz on the port gunicorn listens on ($PORT).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

# gunicorn and the worker both finish what they are doing on SIGTERM.
STOPSIGNAL SIGTERM
# Migrations run once per deploy: `docker run IMAGE python manage.py migrate` (see README).
CMD ["gunicorn", "invekst.wsgi:application", "--config", "gunicorn.conf.py"]
