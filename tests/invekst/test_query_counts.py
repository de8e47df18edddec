"""Public pages issue the same number of queries however much content there is."""

import pytest

from invekst.models import NewsPost
from tests.utils import count_queries
from workgroups.models import Workgroup

pytestmark = pytest.mark.django_db


def _grow(total: int) -> None:
    for model, prefix in ((Workgroup, "gruppe"), (NewsPost, "nyhet")):
        have = model.objects.count()
        for i in range(have, total):
            if model is Workgroup:
                Workgroup.objects.create(name=f"Gruppe {i}", slug=f"{prefix}-{i}", order=i)
            else:
                NewsPost.objects.create(
                    title=f"Nyhet {i}", slug=f"{prefix}-{i}", lead="L", body="B", status="published"
                )


def _count(client, url: str) -> int:
    return count_queries(client, url)


@pytest.mark.parametrize(
    "url", ["/", "/strategi/", "/arbeidsgrupper/", "/arbeidsgrupper/rv4/", "/aktuelt/", "/om-oss/"]
)
def test_query_count_is_flat_with_5_and_50_workgroups_and_news(client, seeded, url):
    # Guards against a per-workgroup or per-post query (N+1) in lists and cards.
    _grow(5)
    small = _count(client, url)
    _grow(50)
    large = _count(client, url)
    assert small == large
