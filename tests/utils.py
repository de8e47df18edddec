"""Helpers shared by the tests."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, status: int = 200) -> int:
    """Queries one request for `url` issues, rendered afresh (not from the page cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return len(ctx)
