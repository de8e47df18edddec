"""Security headers as production sends them (DEBUG off, HTTPS), checked in a separate process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.utils import production_env

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
call_command("seed", verbosity=0)
from django.test import Client
client = Client()
out = {}
for path in ["/", "/kontakt/", "/robots.txt", "/finnes-ikke/"]:
    r = client.get(path, secure=True, HTTP_HOST="invekst.no")
    out[path] = {
        "status": r.status_code,
        "headers": dict(r.headers),
        "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]), "samesite": v["samesite"]} for k, v in r.cookies.items()},
    }
r = client.get("/om-oss/", HTTP_HOST="invekst.no")
out["http"] = {"status": r.status_code, "location": r.headers.get("Location")}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "invekst.settings", "STATIC_ROOT": str(static_root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("path", ["/", "/kontakt/", "/robots.txt", "/finnes-ikke/"])
def test_every_response_carries_the_security_headers(production_responses, path):
    headers = production_responses[path]["headers"]
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_httponly_and_samesite(production_responses):
    cookies = production_responses["/kontakt/"]["cookies"]
    assert cookies["csrftoken"]["secure"] is True
    assert cookies["csrftoken"]["samesite"] == "Lax"
    from django.conf import settings

    # The session cookie is only set after login; its flags come from settings in production.
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_plain_http_is_redirected_to_https(production_responses):
    assert production_responses["http"]["status"] == 301
    assert production_responses["http"]["location"] == "https://invekst.no/om-oss/"
