"""The person picker (issue 12 item 5): the search offers only people the actor may see, by name
(accents and case do not matter), phone digits, street and id; the field accepts only its own
queryset, with or without JavaScript."""

import pytest
from django import forms
from django.http import QueryDict

from zorgzaam.core.testing import assert_queries_per_page
from zorgzaam.people import picking
from zorgzaam.people.models import Person
from zorgzaam.people.picker import PersonMultiPickerField, PersonPickerField, person_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def maes(network, areas, make_person):
    """Two residents with the same name: the picker must tell them apart."""
    a = make_person(
        network,
        first_name="Youssef",
        last_name="Maes",
        birth_year=1948,
        street="Kerkstraat",
        house_number="12",
        area=areas["north"],
        phone="0470 12 34 56",
    )
    b = make_person(
        network,
        first_name="Youssef",
        last_name="Maes",
        birth_year=1990,
        street="Stationsplein",
        house_number="3",
        area=areas["south"],
        phone="+32 2 555 66 77",
    )
    return a, b


def pick(client, q, scope="visible"):
    return client.get("/people/pick/", {"q": q, "scope": scope, "field": "id_person"})


def test_label_tells_namesakes_apart(maes):
    a, b = maes
    assert person_label(a) != person_label(b)
    assert person_label(a) == f"Youssef Maes · 1948 · Kerkstraat 12 · Noord · #{a.pk}"


def test_search_by_name_phone_street_and_id(users, actor_of, maes, network, make_person):
    a, b = maes
    lefevre = make_person(network, first_name="Émile", last_name="Lefèvre")
    coord = actor_of(users["coordinator"])
    assert set(picking.search(coord, "youssef maes")) == {a, b}
    assert picking.search(coord, "lefevre emile") == [lefevre]  # accents and case do not matter
    assert picking.search(coord, "0470123456") == [a]
    assert picking.search(coord, "470 12") == [a]
    assert picking.search(coord, "025556677") == [b]  # +32 2 … is 02 …
    assert picking.search(coord, "kerkstr") == [a]
    assert picking.search(coord, str(b.pk)) == [b]
    assert picking.search(coord, "") == []


def test_search_only_what_the_actor_may_see(users, actor_of, maes, other_network, make_person):
    a, b = maes
    make_person(other_network, first_name="Youssef", last_name="Maes")
    assert picking.search(actor_of(users["professional"]), "maes") == [a]  # north only
    assert picking.search(actor_of(users["volunteer"]), "maes") == []
    assert picking.search(actor_of(users["resident"]), "maes") == []
    assert picking.search(actor_of(users["coordinator"]), "maes", "no-such-scope") == []
    b.anonymised_at = b.created_at
    b.save()
    assert picking.search(actor_of(users["coordinator"]), "maes") == [a]


def test_role_scopes(users, actor_of, maes):
    coord = actor_of(users["coordinator"])
    staff = set(picking.scope_persons(coord, "staff"))
    assert users["coordinator"].persons.get() in staff
    assert users["professional"].persons.get() in staff
    assert users["volunteer"].persons.get() not in staff
    assert set(picking.scope_persons(coord, "volunteers")) == {users["volunteer"].persons.get()}
    # Residents and policy viewers get no lists of who works in the network.
    assert not picking.scope_persons(actor_of(users["resident"]), "staff").exists()
    assert not picking.scope_persons(actor_of(users["policy"]), "helpers").exists()


def test_endpoint_renders_options_and_refuses_strangers(users, client_of, maes, client):
    a, b = maes
    body = pick(client_of(users["coordinator"]), "maes").content.decode()
    assert f'data-pick-id="{a.pk}"' in body and f'data-pick-id="{b.pk}"' in body
    assert "Kerkstraat 12" in body and "1990" in body and 'role="listbox"' in body
    body = pick(client_of(users["professional"]), "maes").content.decode()
    assert f'data-pick-id="{b.pk}"' not in body and "Stationsplein" not in body
    assert pick(client_of(users["outsider"]), "maes").content.decode().count("data-pick-id") == 0
    assert pick(client, "maes").status_code == 302  # login first
    for q in ("9" * 40, "%00", "' OR 1=1 --", "a" * 5000):
        assert pick(client_of(users["coordinator"]), q).status_code == 200
    r = client_of(users["coordinator"]).get("/people/pick/", {"q": "maes", "area": "9" * 30})
    assert r.status_code == 200


def test_endpoint_query_count(users, client_of, network, areas, make_person):
    c = client_of(users["coordinator"])

    def rows(n):
        for _ in range(n):
            make_person(network, first_name="Zora", last_name="Pick", area=areas["north"])

    # 10 results at most, so 1 and 20 rows differ only in how many are shown.
    assert_queries_per_page([(c, "/people/pick/?q=zora&scope=visible", 6)], rows)


class OneForm(forms.Form):
    person = PersonPickerField(label="Person")


class ManyForm(forms.Form):
    people = PersonMultiPickerField(label="People", required=False)


def _data(**kw):
    q = QueryDict(mutable=True)
    for k, v in kw.items():
        q.setlist(k, v if isinstance(v, list) else [v])
    return q


def _code(form) -> str:
    return form.errors.as_data()["person"][0].code


def test_field_accepts_only_its_queryset(maes, network):
    a, b = maes
    form = OneForm(_data(person=str(b.pk)))
    form.fields["person"].queryset = Person.objects.filter(pk=a.pk)
    assert not form.is_valid()
    assert _code(form) == "invalid_choice"
    form = OneForm(_data(person=str(a.pk)))
    form.fields["person"].queryset = Person.objects.filter(pk=a.pk)
    assert form.is_valid() and form.cleaned_data["person"] == a


def test_field_without_javascript(maes):
    a, b = maes
    qs = Person.objects.filter(pk__in=[a.pk, b.pk])
    cases = [
        ({"person_q": "Kerkstraat Maes"}, a),
        ({"person_q": str(b.pk)}, b),
        ({"person_q": "maes"}, "ambiguous"),
        ({"person_q": "nobody"}, "not_found"),
    ]
    for data, expected in cases:
        form = OneForm(_data(**data))
        form.fields["person"].queryset = qs
        if isinstance(expected, Person):
            assert form.is_valid(), form.errors
            assert form.cleaned_data["person"] == expected
        else:
            assert not form.is_valid() and _code(form) == expected


def test_multi_field(maes):
    a, b = maes
    form = ManyForm(_data(people=[str(a.pk)], people_q="Stationsplein"))
    form.fields["people"].queryset = Person.objects.all()
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["people"]) == {a, b}
    form = ManyForm(_data(people=[str(a.pk), "999999"]))
    form.fields["people"].queryset = Person.objects.all()
    assert not form.is_valid()


def test_widget_renders_no_select_and_hides_foreign_ids(maes):
    a, b = maes
    form = OneForm(_data(person=str(b.pk)))
    form.fields["person"].queryset = Person.objects.filter(pk=a.pk)
    html = str(form["person"])
    assert "<select" not in html and 'hx-get="/people/pick/' in html
    assert "Stationsplein" not in html  # a forged id does not reveal a name
    form = OneForm(initial={"person": a.pk})
    form.fields["person"].queryset = Person.objects.all()
    html = str(form["person"])
    assert f'name="person" value="{a.pk}"' in html and "Kerkstraat 12" in html
    assert "required" not in html.split('type="search"')[1].split(">")[0]


def test_people_list_area_filter_lists_only_covered_areas(users, client_of, areas):
    import re

    def area_ids(user):
        html = client_of(users[user]).get("/people/").content.decode()
        select = re.search(r'<select name="area".*?</select>', html, re.S).group(0)
        return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}

    assert area_ids("coordinator") == {areas["north"].pk, areas["south"].pk}
    assert area_ids("professional") == {areas["north"].pk}
