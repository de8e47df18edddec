"""In-process cost of one request per page, through Django's whole WSGI stack.

Run by bench/run.py against the benchmark's database with the same production settings as
gunicorn, in a separate process: no HTTP server, no wrk, no other load. It shows what a page
costs Django itself, and what a signed-in request costs before the page does anything (the
session, the user and the layout, measured on a signed-in 404 page), which bounds the ratio a
signed-in page can reach. Prints JSON: {label: {"ms": median, "status": code}}.

Usage: python bench/inprocess.py '[["floor", "/robots.txt", ""], ["min", "/min-side/", "kari.admin@demo.invekst.no"]]'
"""

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "invekst.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from members.models import User  # noqa: E402

application = WSGIHandler()
ROUNDS, BATCH = 15, 20


def cookie_for(email: str) -> str:
    csrf = f"csrftoken={get_random_string(32)}"
    if not email:
        return ""
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}; {csrf}"


def request(path: str, cookie: str) -> int:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    status = []
    body = application(environ, lambda s, headers, *rest: status.append(s))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def measure(path: str, email: str) -> dict:
    cookie = cookie_for(email)
    for _ in range(5):  # warm: URL resolver, templates, caches
        status = request(path, cookie)
    batches = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(BATCH):
            request(path, cookie)
        batches.append((time.perf_counter() - started) / BATCH * 1000)
    return {"ms": round(statistics.median(batches), 3), "status": status}


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)  # the 404 reference would log every request
    pages = json.loads(sys.argv[1])
    print(json.dumps({label: measure(path, email) for label, path, email in pages}))
