"""Reach per group goes through core.disclosure: groups nest (65+ holds 75+ holds 85+), so two
published group counts must not give a small one away as their difference (issue 11 item 1)."""

import datetime as dt

import pytest

from zorgzaam.analysis import reach

pytestmark = pytest.mark.django_db

POPULATION = {"total": 500, "age_65_plus": 120, "age_75_plus": 60, "age_85_plus": 20}


def _reached(network, area, make_person, ages):
    from zorgzaam.people.models import Consent

    ids = []
    for age in ages:
        p = make_person(network, area=area, birth_year=dt.date.today().year - age)
        Consent.objects.create(person=p, purpose="statistics", granted=True, channel="spoken")
        ids.append(p.pk)
    return ids


def test_nested_groups_do_not_give_a_small_band_away(network, areas, make_person):
    # 3 people aged 70 and 6 aged 80: 65+ = 9 and 75+ = 6 would give "3 aged 65-74" away.
    ids = _reached(network, areas["north"], make_person, [70] * 3 + [80] * 6)
    today = dt.date.today()
    summary, rows = reach.area_reach(
        network,
        areas["north"],
        today - dt.timedelta(days=30),
        today,
        5,
        reached_ids=ids,
        population=POPULATION,
    )
    shown = {r.group: r.reached for r in rows if not r.suppressed}
    n = summary["reached"]
    assert not ("age_65_plus" in shown and "age_75_plus" in shown)
    assert not (n is not None and "age_75_plus" in shown and n - shown["age_75_plus"] < 5)
    assert all(v >= 5 for v in shown.values())
    assert shown.get("age_85_plus") is None  # 0: hidden like any small count


def test_large_groups_are_still_shown(network, areas, make_person):
    ids = _reached(network, areas["north"], make_person, [70] * 8 + [80] * 9 + [90] * 7)
    today = dt.date.today()
    summary, rows = reach.area_reach(
        network,
        areas["north"],
        today - dt.timedelta(days=30),
        today,
        5,
        reached_ids=ids,
        population=POPULATION,
    )
    shown = {r.group: r.reached for r in rows if not r.suppressed}
    assert summary["reached"] == 24 and shown == {"age_65_plus": 24, "age_75_plus": 16, "age_85_plus": 7}
