"""HSDS import limits (issue 11 item 5): the size limit, zip bombs and capped problem lists, the same
on the page and in the API because the import service decides."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from zorgzaam.core import uploads
from zorgzaam.core.tests.zipfiles import MB, lying_zip_bytes, named_zip_bytes, zeros_zip_bytes
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap import hsds
from zorgzaam.socialmap.models import OrganisationProfile, Service

PAGE = "/socialmap/open-referral/"
API = "/api/socialmap/hsds/import"


@pytest.fixture(scope="module")
def bomb():
    """200 MB of zeros as organizations.csv, about 200 KB zipped."""
    return zeros_zip_bytes(200 * MB)


def _client(user, lang="nl") -> Client:
    c = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


def _stored():
    return (Organisation.objects.count(), Service.objects.count(), OrganisationProfile.objects.count())


def _page_problems(resp) -> list[str]:
    return [str(p) for p in resp.context["problems"] or []]


def _post_both(c, name, raw):
    """The same file to the page and to the API; each timed (after a first look at the page, so that
    loading templates is not counted)."""
    assert c.get(PAGE).status_code == 200
    out = []
    for url in (PAGE, API):
        start = time.perf_counter()
        resp = c.post(url, {"file": SimpleUploadedFile(name, raw)})
        out.append((resp, time.perf_counter() - start))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,text", [("nl", "pakt uit tot meer dan 50"), ("fr", "se décompresse en plus de 50")]
)
def test_zip_bomb_is_refused_fast_translated_and_nothing_stored(users, taxonomy, bomb, lang, text):
    before = _stored()
    (page, page_s), (api, api_s) = _post_both(_client(users["coordinator"], lang), "kaart.zip", bomb)
    assert page.status_code == 200 and api.status_code == 422
    assert page_s < 1 and api_s < 1, (page_s, api_s)
    assert text in _page_problems(page)[0] and text in page.content.decode()
    assert [e["message"] for e in api.json()["errors"]] == _page_problems(page)
    assert _stored() == before


@pytest.mark.django_db
def test_packed_too_well_is_refused_even_under_the_unpacked_limit(users, taxonomy):
    before = _stored()
    raw = zeros_zip_bytes(40 * MB)  # under the 50 MB limit, but 1000:1
    (page, page_s), (api, _s) = _post_both(_client(users["coordinator"]), "kaart.zip", raw)
    assert "zipbom" in _page_problems(page)[0] and page_s < 1
    assert api.status_code == 422 and "zipbom" in api.json()["errors"][0]["message"]
    assert _stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw",
    [
        lying_zip_bytes(),
        named_zip_bytes("../organizations.csv"),
        named_zip_bytes("services.csv", symlink=True),
    ],
    ids=["lying-header", "dot-dot", "symlink"],
)
def test_odd_zips_are_refused_on_page_and_api(users, taxonomy, raw):
    before = _stored()
    (page, page_s), (api, _s) = _post_both(_client(users["coordinator"]), "kaart.zip", raw)
    assert page.status_code == 200 and _page_problems(page) and page_s < 1
    assert api.status_code == 422
    assert [e["message"] for e in api.json()["errors"]] == _page_problems(page)
    assert _stored() == before


@pytest.mark.django_db
def test_size_limit_from_settings_is_the_same_on_page_and_api(users, taxonomy, settings, actor_of):
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "hsds": 2000}
    raw = json.dumps([{"name": "x" * 3000}]).encode()
    before = _stored()
    (page, _s), (api, _s2) = _post_both(_client(users["coordinator"]), "kaart.json", raw)
    shown = _page_problems(page)
    assert len(shown) == 1 and "te groot" in shown[0] and "2,0 KB" in shown[0]
    assert api.status_code == 422 and [e["message"] for e in api.json()["errors"]] == shown
    with translation.override("nl"), pytest.raises(uploads.UploadRefused) as exc:
        hsds.import_hsds(actor_of(users["coordinator"]), raw, "json")  # the service decides
    assert exc.value.messages == shown
    assert _stored() == before
    # At the limit it is read (and here refused for its content, not its size).
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "hsds": len(raw)}
    (page, _s), (api, _s2) = _post_both(_client(users["coordinator"]), "kaart.json", raw)
    assert "te groot" not in " ".join(_page_problems(page)) and api.status_code == 422


@pytest.mark.django_db
def test_problem_lists_are_capped_on_page_and_api(users, taxonomy, actor_of):
    raw = json.dumps(list(range(1334))).encode()  # 1,334 non-objects: one problem each
    with pytest.raises(hsds.ImportProblems) as exc:
        hsds.import_hsds(actor_of(users["coordinator"]), raw, "json")
    assert exc.value.total == 1334 and len(exc.value.problems) == 100
    (page, _s), (api, _s2) = _post_both(_client(users["coordinator"]), "kaart.json", raw)
    shown = _page_problems(page)
    assert len(shown) == 101 and shown[-1] == "… en nog 1.234 problemen."
    items = page.content.decode().count("<li>") - _client(users["coordinator"]).get(
        PAGE
    ).content.decode().count("<li>")
    assert items == 101
    errors = api.json()["errors"]
    assert len(errors) == 101 and errors[-1]["message"] == "… en nog 1.234 problemen."
    assert [e["message"] for e in errors] == shown
    assert len(api.content) < 20_000
