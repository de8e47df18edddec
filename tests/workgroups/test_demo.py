import pytest

from invekst.demo import COMPANY_ADMIN_EMAIL, load_demo
from workgroups.models import Commitment, Competence, Meeting, Participant

pytestmark = pytest.mark.django_db


def test_demo_commits_the_first_company_to_rv4_once(seeded):
    load_demo()
    load_demo()
    commitment = Commitment.objects.get()
    assert commitment.workgroup.slug == "rv4"
    assert Participant.objects.get().representative.user.email == COMPANY_ADMIN_EMAIL
    assert Meeting.objects.upcoming().filter(workgroup__slug="rv4").count() == 1
    assert Competence.objects.count() == 8
