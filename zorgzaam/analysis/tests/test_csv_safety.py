import pytest


@pytest.mark.django_db
def test_csv_exports_neutralise_formulas_in_typed_names(users, actor_of, network, areas):
    from zorgzaam.analysis.exports import to_csv

    areas["north"].name = "=HYPERLINK(1)"
    areas["north"].save()
    ov = {
        "options": [],
        "areas": [areas["north"]],
        "values": {areas["north"].pk: {}},
        "scores": [(areas["north"], {"total": 0.5})],
        "counts": {areas["north"].pk: {"strength": 1, "need": 0}},
        "reach": [],
    }
    text = to_csv(ov).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
