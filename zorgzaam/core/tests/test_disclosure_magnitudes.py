"""core.disclosure.magnitudes: sums over people shown only with at least k contributors."""

from decimal import Decimal

from zorgzaam.core.disclosure import SYMBOL, magnitudes


def test_threshold_hides_small_and_empty_rows_together_with_their_count():
    rows = [(Decimal("10"), 5), (Decimal("9"), 1), (Decimal("0"), 0), (Decimal("12.5"), 4)]
    shown = magnitudes(rows, 5)
    assert (shown[0].value, shown[0].contributors) == (Decimal("10"), 5)
    for cell in shown[1:]:
        assert cell.hidden and cell.value is None and cell.contributors is None and str(cell) == SYMBOL


def test_k_zero_still_hides_rows_nobody_contributed_to():
    # A sum over nobody is not a figure: hidden whatever k (the network may disable suppression).
    shown = magnitudes([(Decimal("0"), 0), (Decimal("3"), 1)], 0)
    assert shown[0].hidden and not shown[1].hidden
