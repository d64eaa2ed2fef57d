"""CSV cells that spreadsheet programs will not execute (CSV/formula injection)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]
