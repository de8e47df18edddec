"""The history shows who changed what and when: a member on Min side and the secretariat in admin."""

from members.models import Company
from members.services import membership_resign


def profile(company, **changes):
    data = {
        "name": company.name,
        "visiting_address": company.visiting_address,
        "postal_code": company.postal_code,
        "postal_place": company.postal_place,
        "municipality": company.municipality_id or "",
        "industry": company.industry,
        "employees": company.employees or "",
        "website": company.website,
    }
    return {**data, **changes}


def test_a_change_on_min_side_is_recorded_with_the_member_who_made_it(client, login, company, company_admin):
    login(company_admin)
    response = client.post("/min-side/bedrift/", profile(company, name="Mjøsbedriften Holding AS"))
    assert response.status_code == 302
    latest = company.history.latest()
    assert latest.name == "Mjøsbedriften Holding AS"
    assert latest.history_user == company_admin
    assert latest.history_type == "~"
    assert latest.diff_against(latest.prev_record).changed_fields == ["name"]


def test_a_change_in_admin_is_recorded_with_the_secretariat_member(client, login, company, company_admin, staff):
    login(staff)
    page = client.get(f"/admin/members/company/{company.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "industry": "Industri og produksjon",
            "show_in_directory": "on" if company.show_in_directory else "",
            "representatives-TOTAL_FORMS": "1",
            "representatives-INITIAL_FORMS": "1",
            "representatives-0-id": company.representatives.get().pk,
            "representatives-0-company": company.pk,
            "representatives-0-user": company_admin.pk,
            "representatives-0-role": "admin",
            "representatives-0-title": "Daglig leder",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
            "membership_events-TOTAL_FORMS": "0",
            "membership_events-INITIAL_FORMS": "0",
        }
    )
    response = client.post(f"/admin/members/company/{company.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = Company.objects.get(pk=company.pk).history.latest()
    assert (latest.industry, latest.history_user) == ("Industri og produksjon", staff)
    representative = company.representatives.get()
    assert representative.title == "Daglig leder"
    assert representative.history.latest().history_user == staff
    # The history page shows both: who, and what changed.
    html = client.get(f"/admin/members/company/{company.pk}/history/").content.decode()
    assert "Sekretariatet" in html
    assert "Industri og produksjon" in html


def test_the_secretariat_sees_a_members_own_change_in_the_admin_history(client, login, company, company_admin, staff):
    login(company_admin)
    client.post("/min-side/bedrift/", profile(company, employees=77))
    html = login(staff).get(f"/admin/members/company/{company.pk}/history/").content.decode()
    assert "Kari Admin" in html


def test_history_cannot_be_reverted_from_admin(client, login, company, staff):
    """A revert would put back an old status around the lifecycle service: only reading is allowed."""
    first = company.history.earliest()
    membership_resign(company=company, changed_by=staff, note="", base_url="http://testserver/")
    login(staff)
    url = f"/admin/members/company/{company.pk}/history/{first.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "_change_history" not in page.content.decode()
    assert client.post(url, {"name": company.name, "orgnr": company.orgnr}).status_code == 403
    company.refresh_from_db()
    assert company.status == Company.Status.RESIGNED
