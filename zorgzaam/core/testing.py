"""Helpers for browser tests: log in through the real form, check accessibility with axe-core."""

from __future__ import annotations

TEST_PASSWORD = "correct horse battery"  # noqa: S105 - fixture users only


def login(page, live_server_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def serious_axe_violations(page) -> list[dict]:
    """axe-core violations of impact 'serious' or 'critical' on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def assert_same_queries(client, url: str, make_rows, *, expected: int, status: int = 200, rows=(1, 20)):
    """Exact query count of GET `url` with rows[0] and with rows[1] rows (issue 10 item 9): both
    equal `expected`. `make_rows(n)` builds n more rows. Prints the captured SQL on failure."""
    assert_queries_per_page([(client, url, expected)], make_rows, status=status, rows=rows)


def assert_queries_per_page(cases, make_rows, *, status: int = 200, rows=(1, 20)):
    """assert_same_queries for several (client, url, expected) at once, so the rows (often built
    through services, which is slow) are built once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    measured: list[list[list[str]]] = [[] for _case in cases]
    for added in (rows[0], rows[1] - rows[0]):
        make_rows(added)
        for (client, url, _expected), into in zip(cases, measured, strict=True):
            # Steady state: caches the new rows made stale (helpers for matching, lazily created
            # profiles) are refreshed by an unmeasured request first.
            assert client.get(url).status_code == status, url
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            into.append([q["sql"] for q in ctx.captured_queries])
    failures = []
    for (_client, url, expected), got in zip(cases, measured, strict=True):
        counts = [len(m) for m in got]
        if counts != [expected, expected]:
            sql = "\n\n".join(
                f"--- {n} rows: {len(m)} queries\n" + "\n".join(f"{i}. {q}" for i, q in enumerate(m, 1))
                for n, m in zip(rows, got, strict=True)
            )
            failures.append(f"{url}: expected {expected} queries at {rows} rows, got {counts}\n{sql}")
    if failures:
        summary = "\n".join(f.splitlines()[0] for f in failures)
        raise AssertionError(summary + "\n\n" + "\n\n".join(failures))


def _comparable(response, path: str) -> tuple[int, str]:
    import re

    # Pages link back to themselves (the language switcher's "next"): the path itself may differ.
    body = response.content.decode(errors="replace").replace(path, "PATH")
    # The CSRF token is masked anew on every page: it is the only part allowed to differ.
    body = re.sub(r'(csrfmiddlewaretoken" value=|csrf-token" content=|"X-CSRFToken": )"[^"]*"', r"\1''", body)
    return response.status_code, body


def assert_no_existence_oracle(client, url: str, other_pk: int, *, method: str = "get") -> None:
    """`url` (with {pk}) answers for another network's object exactly as for one that does not exist:
    same status, same body (issue 10 item 3). The answer must be a refusal, not a success."""
    call = getattr(client, method)
    missing_url, other_url = url.format(pk=other_pk + 1_000_000), url.format(pk=other_pk)
    missing, other = call(missing_url), call(other_url)
    assert other.status_code in (403, 404), (url, other.status_code)
    assert _comparable(other, other_url) == _comparable(missing, missing_url), (
        url,
        other.status_code,
        missing.status_code,
    )
