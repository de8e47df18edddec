"""Queries per request for the benchmark's pages, measured in a separate process.

Run by bench/run.py with the same database and production settings as the gunicorn under
test. It uses Django's test client and CaptureQueriesContext, so nothing is added to the
production request path. Prints JSON: {path: {"status", "fresh", "repeat"}} where "fresh"
is a render with an empty cache and "repeat" the next request (what the load test mostly sees).

Usage: python bench/queries.py '[["/", ""], ["/min-side/", "kari.admin@demo.invekst.no"]]'
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "invekst.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from members.models import User  # noqa: E402


def measure(path: str, email: str) -> dict:
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
    client.get(path)  # warm process-wide caches (URL resolver, templates, content types)
    for each in caches.all():  # the page cache and the version-keyed parts (each process's copy too)
        each.clear()
    with CaptureQueriesContext(connection) as fresh:
        response = client.get(path)
    with CaptureQueriesContext(connection) as repeat:
        client.get(path)
    return {"status": response.status_code, "fresh": len(fresh), "repeat": len(repeat)}


if __name__ == "__main__":
    pages = json.loads(sys.argv[1])
    print(json.dumps({path: measure(path, email) for path, email in pages}))
