"""Registry hooks (nav, panels, export, erasure); filled in as the pages land."""


def register() -> None:
    from zorgzaam.care import services  # noqa: F401 - registers the audit kinds
