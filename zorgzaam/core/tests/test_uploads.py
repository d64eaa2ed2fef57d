"""Upload limits per kind, the ZIP guard (zip bombs, lying headers, odd names), capped problem lists
and over-large request bodies (a translated 413, never a 500)."""

import io
import json
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation

from zorgzaam.core import uploads
from zorgzaam.core.tests.zipfiles import (
    MB,
    lying_zip_bytes,
    many_members_zip_bytes,
    named_zip_bytes,
    zeros_zip,
    zeros_zip_bytes,
)


@pytest.fixture(scope="session")
def bomb_path(tmp_path_factory):
    """200 MB of zeros in about 200 KB, made once, streamed."""
    return zeros_zip(tmp_path_factory.mktemp("bomb") / "bomb.zip", 200 * MB)


def test_sizes_and_limits_from_the_environment():
    assert uploads.parse_size("10MB") == 10 * MB == uploads.parse_size("10 mib")
    assert uploads.parse_size("2G") == 2048 * MB and uploads.parse_size("512") == 512
    env = {"ZORGZAAM_UPLOAD_LIMIT_HSDS": "20MB", "ZORGZAAM_UPLOAD_LIMIT_SECTORS": " "}
    limits = uploads.limits_from_env(uploads.DEFAULT_UPLOAD_LIMITS, "ZORGZAAM_UPLOAD_LIMIT_", env)
    assert limits["hsds"] == 20 * MB and limits["sectors"] == uploads.DEFAULT_UPLOAD_LIMITS["sectors"]
    with pytest.raises(ImproperlyConfigured, match="ZORGZAAM_UPLOAD_LIMIT_HSDS"):
        uploads.limits_from_env(
            uploads.DEFAULT_UPLOAD_LIMITS, "ZORGZAAM_UPLOAD_LIMIT_", {"ZORGZAAM_UPLOAD_LIMIT_HSDS": "lots"}
        )


def test_settings_hold_a_limit_for_every_kind(settings):
    for kind in uploads.DEFAULT_UPLOAD_LIMITS:
        assert settings.ZORGZAAM_UPLOAD_LIMITS[kind] > 0 and settings.ZORGZAAM_UNPACKED_LIMITS[kind] > 0
    assert settings.ZORGZAAM_UPLOAD_LIMITS["hsds"] == 10 * MB
    # Form fields and JSON bodies (not files) are bounded; files above this go to disk, not memory.
    assert 2 * MB < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 20 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * MB
    assert "zorgzaam.core.uploads.RequestSizeMiddleware" in settings.MIDDLEWARE


def test_too_large_is_refused_by_its_size_alone(settings):
    settings.ZORGZAAM_UPLOAD_LIMITS = {**settings.ZORGZAAM_UPLOAD_LIMITS, "hsds": 1000}

    class Unreadable(io.BytesIO):
        size = 5000

        def read(self, *args):
            raise AssertionError("a file over the limit is not read")

    with translation.override("en"), pytest.raises(uploads.UploadRefused, match="too large"):
        uploads.check_upload("hsds", Unreadable(), "x.json")
    uploads.check_upload("hsds", b"x" * 1000, "x.json")  # at the limit: fine


def test_zip_bomb_is_refused_in_under_a_second(bomb_path, settings):
    start = time.perf_counter()
    with translation.override("en"), pytest.raises(uploads.UploadRefused) as exc:
        uploads.check_path("hsds", bomb_path)
    assert time.perf_counter() - start < 1
    assert "unpacks to more than 50" in exc.value.messages[0]
    # With a limit above what it unpacks to, the compression ratio still gives it away.
    settings.ZORGZAAM_UNPACKED_LIMITS = {**settings.ZORGZAAM_UNPACKED_LIMITS, "sectors": 1024 * MB}
    start = time.perf_counter()
    with translation.override("en"), pytest.raises(uploads.UploadRefused, match="zip bomb"):
        uploads.check_path("sectors", bomb_path)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    "lang,text",
    [("nl", "zipbom"), ("fr", "bombe")],
)
def test_zip_bomb_message_is_translated(lang, text):
    raw = zeros_zip_bytes(5 * MB)
    with translation.override(lang), pytest.raises(uploads.UploadRefused) as exc:
        uploads.check_upload("hsds", raw, "x.zip")
    assert text in exc.value.messages[0]


def test_a_header_that_lies_about_the_size_is_caught_while_unpacking():
    raw = lying_zip_bytes(real_size=20 * MB, claimed=1000)
    guard = uploads.ZipGuard(io.BytesIO(raw), "hsds")  # the central directory looks harmless
    start = time.perf_counter()
    with pytest.raises(uploads.UploadRefused):
        guard.read("organizations.csv")
    assert time.perf_counter() - start < 1
    assert guard.unpacked <= 1000 + uploads.CHUNK  # stopped at what was claimed, not 20 MB later


def test_counting_stops_at_the_limit_whatever_the_headers_say(settings, monkeypatch):
    """Even if the library handed out more than a header claims, counting stops at the limit."""
    settings.ZORGZAAM_UNPACKED_LIMITS = {**settings.ZORGZAAM_UNPACKED_LIMITS, "hsds": 2 * MB}
    settings.ZORGZAAM_ZIP_MAX_RATIO = 10**6
    raw = zeros_zip_bytes(1 * MB, extra={"services.csv": b"id\n"})
    guard = uploads.ZipGuard(io.BytesIO(raw), "hsds")
    for info in guard.members:
        info.file_size = 10**12  # as if headers said nothing useful
    with pytest.raises(uploads.UploadRefused, match="."):
        for _ in range(5):  # reading the same member again counts again
            guard.read("organizations.csv")
    assert guard.unpacked <= 2 * MB + uploads.CHUNK


@pytest.mark.parametrize(
    "name,symlink",
    [
        ("/etc/passwd", False),
        ("..\\..\\evil.csv", False),
        ("tables/../../evil.csv", False),
        ("C:/evil.csv", False),
        ("organizations.csv", True),
    ],
)
def test_unsafe_member_names_and_links_are_refused(name, symlink):
    with pytest.raises(uploads.UploadRefused):
        uploads.check_upload("hsds", named_zip_bytes(name, symlink=symlink), "x.zip")
    uploads.check_upload("hsds", named_zip_bytes("tables/organizations.csv"), "x.zip")


def test_too_many_members(settings):
    settings.ZORGZAAM_ZIP_MAX_MEMBERS = 50
    with translation.override("en"), pytest.raises(uploads.UploadRefused, match="51 files; at most 50"):
        uploads.check_upload("hsds", many_members_zip_bytes(51), "x.zip")
    uploads.check_upload("hsds", many_members_zip_bytes(50), "x.zip")


def test_damaged_zip_is_refused_not_a_crash():
    with pytest.raises(uploads.UploadRefused):
        uploads.check_upload("sectors", b"PK\x03\x04 not really", "x.zip")


@pytest.mark.parametrize(
    "lang,line",
    [
        ("nl", "… en nog 1.234 problemen."),
        ("fr", "… et 1\xa0234 autres problèmes."),
        ("en", "… and 1,234 more problems."),
    ],
)
def test_problem_lists_are_capped_with_a_count_of_the_rest(lang, line):
    with translation.override(lang):
        shown = uploads.capped([f"row {i}" for i in range(1334)])
    assert len(shown) == 101 and shown[99] == "row 99" and shown[-1] == line
    assert uploads.capped(shown) == shown  # capping twice changes nothing
    assert uploads.capped(["a", "b"]) == ["a", "b"]


# --- whole request bodies --------------------------------------------------------------------------


def _client(user, lang="nl"):
    c = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


@pytest.mark.django_db
@pytest.mark.parametrize("lang,text", [("nl", "te groot"), ("fr", "trop volumineu")])
def test_a_body_over_the_form_data_limit_is_a_translated_413(settings, users, lang, text):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    c = _client(users["coordinator"], lang)
    page = c.post("/socialmap/open-referral/", {"note": "x" * 5000})
    assert page.status_code == 413 and text in page.content.decode()
    api = c.post("/api/socialmap/services", json.dumps({"name": "x" * 5000}), content_type="application/json")
    assert api.status_code == 413 and text in api.json()["detail"]


@pytest.mark.django_db
def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(settings, users, monkeypatch):
    settings.ZORGZAAM_UPLOAD_LIMITS = {k: 1000 for k in settings.ZORGZAAM_UPLOAD_LIMITS}
    monkeypatch.setattr(
        "django.http.multipartparser.MultiPartParser.parse",
        lambda self: pytest.fail("the body was parsed"),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = _client(users["coordinator"])
    big = SimpleUploadedFile("kaart.json", b"[" + b" " * (2 * MB) + b"]")
    page = c.post("/socialmap/open-referral/", {"file": big})
    assert page.status_code == 413 and "te groot" in page.content.decode()
    big.seek(0)
    api = c.post("/api/socialmap/hsds/import", {"file": big})
    assert api.status_code == 413 and "te groot" in api.json()["detail"]


def test_a_table_that_starts_with_pk_is_not_taken_for_a_zip():
    uploads.check_upload("indicators", b"PKEY;CD_SECTOR;POP\n1;41999A00-;5\n", "table.csv")
    with pytest.raises(uploads.UploadRefused):  # named .zip, or with the ZIP signature: judged as one
        uploads.check_upload("indicators", b"PK\x03\x04 not really", "table.csv")
