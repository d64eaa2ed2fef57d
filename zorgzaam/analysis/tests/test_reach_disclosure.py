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


def test_fixed_windows_for_everyone_but_staff():
    """Free or sliding windows would give the people reached between two of them: policy viewers and
    snapshots get whole calendar years that have ended (docs/disclosure.md, the available filters)."""
    today = dt.date.today()
    last = today.year - 1
    assert reach.window(None, None, free=False) == (dt.date(last, 1, 1), dt.date(last, 12, 31))
    # Any chosen start and end snap to the whole year before the end; the future is not a window.
    some_day = dt.date(last - 2, 5, 17)
    assert reach.window(dt.date(last - 2, 5, 16), some_day, free=False) == (
        dt.date(last - 3, 1, 1),
        dt.date(last - 3, 12, 31),
    )
    assert reach.window(None, dt.date(last - 1, 12, 31), free=False) == (
        dt.date(last - 1, 1, 1),
        dt.date(last - 1, 12, 31),
    )
    assert reach.window(None, today + dt.timedelta(days=400), free=False)[1].year == last
    # Staff read the records themselves: any window, the last 365 days by default.
    assert reach.window(None, None, free=True) == (today - dt.timedelta(days=365), today)
    assert reach.window(some_day, today, free=True) == (some_day, today)


def test_policy_viewer_cannot_choose_the_reach_window(users, actor_of, client_of):
    from zorgzaam.analysis import services

    today = dt.date.today()
    start, end = today - dt.timedelta(days=10), today - dt.timedelta(days=3)
    policy = services.analysis_overview(actor_of(users["policy"]), start=start, end=end)
    assert (policy["start"], policy["end"]) == (
        dt.date(today.year - 1, 1, 1),
        dt.date(today.year - 1, 12, 31),
    )
    coord = services.analysis_overview(actor_of(users["coordinator"]), start=start, end=end)
    assert (coord["start"], coord["end"]) == (start, end)
    # The page offers years, not dates, to the policy viewer; the API snaps the same way.
    html = client_of(users["policy"]).get("/analysis/").content.decode()
    assert 'name="start"' not in html and f'value="{today.year - 1}-12-31"' in html
    api = client_of(users["policy"]).get(f"/api/analysis/overview?start={start}&end={end}").json()
    assert api["reach_period"] == {"start": f"{today.year - 1}-01-01", "end": f"{today.year - 1}-12-31"}
