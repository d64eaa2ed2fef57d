"""Browser-test helper for the person picker (people/picker.py)."""


def choose_person(page, field_id: str, query: str, pk: int) -> None:
    """Type `query` into the picker `#field_id` and choose the person with this id from the results."""
    page.locator(f"#{field_id}").press_sequentially(query, delay=20)
    option = page.locator(f"#{field_id}_results [data-pick-id='{pk}']")
    option.wait_for()
    option.click()
    page.wait_for_selector(f"#{field_id}_chosen input[value='{pk}']", state="attached")
