"""Volunteer figures for a year no date can have: 422, not a 500 (issue 14 item 6)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [21260, -2439756, 0])
def test_hours_for_an_impossible_year_are_refused(year, users, client_of):
    c = client_of(users["coordinator"])
    person = users["volunteer"].persons.get()
    assert c.get(f"/api/volunteers/volunteers/{person.pk}/totals?year={year}").status_code == 422
    assert c.get(f"/api/volunteers/figures/hours?year={year}").status_code == 422


def test_hours_for_a_real_year_are_answered(users, client_of):
    c = client_of(users["coordinator"])
    person = users["volunteer"].persons.get()
    r = c.get(f"/api/volunteers/volunteers/{person.pk}/totals?year=2025")
    assert r.status_code == 200 and r.json()["year"] == 2025
