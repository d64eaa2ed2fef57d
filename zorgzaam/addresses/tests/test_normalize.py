import pytest

from zorgzaam.addresses import normalize


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sint-Jozefsplein", "sint jozefsplein"),
        ("  SINT   jozefsplein ", "sint jozefsplein"),
        ("Rue de l'Église", "rue de l eglise"),
        ("Rue de l’Eglise", "rue de l eglise"),
        ("Boulevard Émile-Jacqmain", "boulevard emile jacqmain"),
        ("O.-L.-Vrouwstraat", "o l vrouwstraat"),
        ("Straße", "strasse"),
    ],
)
def test_street_names(typed, expected):
    assert normalize.text(typed) == expected


@pytest.mark.parametrize(
    ("typed", "box", "expected"),
    [
        ("20", "", ("20", "")),
        ("20A", "", ("20a", "")),
        ("20 a", "", ("20a", "")),
        ("20 bus 3", "", ("20", "3")),
        ("20 bte 3", "", ("20", "3")),
        ("20 boîte 3", "", ("20", "3")),
        ("20 Bte. 3", "", ("20", "3")),
        ("20/3", "", ("20", "3")),
        ("20 / 3", "", ("20", "3")),
        ("20 b 3", "", ("20", "3")),
        ("20A bus 2", "", ("20a", "2")),
        ("7 bus 0003", "", ("7", "3")),
        ("20", "0003", ("20", "3")),
        ("20 A", " B ", ("20a", "b")),
    ],
)
def test_numbers_and_boxes(typed, box, expected):
    assert normalize.split_number(typed, box) == expected


def test_box_shown_in_two_fields_and_back():
    assert normalize.split_box("20 bus 3") == ("20", "3")
    assert normalize.split_box("20A bte 2") == ("20A", "2")
    assert normalize.split_box("20") == ("20", "")
    assert normalize.join_box("20", "3") == "20 bus 3"
    assert normalize.join_box("20", "") == "20"
