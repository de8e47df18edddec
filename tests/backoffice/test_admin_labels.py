"""Inputs Django's admin leaves without a name get one (axe: label, select-name)."""

import pytest

pytestmark = pytest.mark.django_db


def test_list_editable_inputs_are_named_by_column_and_row(client, login, everything, staff):
    body = login(staff).get("/admin/workgroups/competence/").content.decode()
    assert 'aria-label="Rekkefølge, Samferdsel"' in body


def test_the_date_and_the_time_of_a_field_have_names_of_their_own(client, login, everything, staff):
    body = login(staff).get("/admin/workgroups/meeting/add/").content.decode()
    assert 'aria-label="Starter, dato"' in body
    assert 'aria-label="Starter, klokkeslett"' in body


def test_a_tabular_inline_s_delete_box_has_a_label(client, login, everything, staff, rv4):
    body = login(staff).get(f"/admin/workgroups/workgroup/{rv4.pk}/change/").content.decode()
    assert '<label class="visually-hidden" for="id_competence_needs-0-DELETE">Slett ' in body


def test_the_back_office_loads_the_script_that_names_autocomplete_widgets(client, login, everything, staff):
    body = login(staff).get("/admin/workgroups/commitment/add/").content.decode()
    assert "js/admin-names.js" in body
