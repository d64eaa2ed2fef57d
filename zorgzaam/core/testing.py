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
