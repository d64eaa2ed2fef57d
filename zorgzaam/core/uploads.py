"""Upload limits per import kind, a guard for ZIP files, and capped problem lists.

Every import (page, API and command alike) goes through its service, and the service calls
`check_upload` (an uploaded file or bytes) or `check_path` (a file on disk) before anything is stored or
parsed. Limits are per kind in settings (ZORGZAAM_UPLOAD_LIMITS: the file as sent;
ZORGZAAM_UNPACKED_LIMITS: what a ZIP may unpack to), each overridable by environment variable.

A ZIP is judged first by its central directory (member count, names, declared sizes, compression ratio)
and then while its members are streamed: bytes are counted as they come out of the decompressor, so a
header that lies about a size cannot make us unpack more than the limit. XLSX workbooks are ZIP files too.

Long problem lists (a file with 100,000 bad rows) are cut to MAX_PROBLEMS with a count of the rest, on
pages, in API answers and in job records alike (`capped`).
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MB = 1024 * 1024
GB = 1024 * MB

# Import kinds. *_COMMAND: run by a server administrator from the command line.
HSDS = "hsds"
SECTORS = "sectors"
SECTORS_COMMAND = "sectors_command"
INDICATORS = "indicators"
BOUNDARIES = "boundaries"
ADDRESSES_WEB = "addresses_web"
PEOPLE_LIST = "people_list"
ADDRESSES_COMMAND = "addresses_command"
WEB_KINDS = (HSDS, SECTORS, INDICATORS, BOUNDARIES, ADDRESSES_WEB, PEOPLE_LIST)

DEFAULT_UPLOAD_LIMITS = {
    HSDS: 10 * MB,
    SECTORS: 200 * MB,
    SECTORS_COMMAND: 2 * GB,
    INDICATORS: 200 * MB,
    BOUNDARIES: 5 * MB,
    ADDRESSES_WEB: 500 * MB,
    PEOPLE_LIST: 20 * MB,
    ADDRESSES_COMMAND: 2 * GB,
}
# What a ZIP (or XLSX) of each kind may unpack to. HSDS is parsed in memory: 215 MB of CSV took a
# worker to 1.6 GB, so it gets far less than the others, which are read from disk.
DEFAULT_UNPACKED_LIMITS = {
    HSDS: 50 * MB,
    SECTORS: 1 * GB,
    SECTORS_COMMAND: 4 * GB,
    INDICATORS: 1 * GB,
    BOUNDARIES: 5 * MB,
    ADDRESSES_WEB: 2 * GB,
    PEOPLE_LIST: 100 * MB,
    ADDRESSES_COMMAND: 8 * GB,
}
DEFAULT_ZIP_MAX_RATIO = 100
DEFAULT_ZIP_MAX_MEMBERS = 1000
# Below this many unpacked bytes the ratio is not judged: tiny files compress oddly and harm nobody.
RATIO_FLOOR = 1 * MB
CHUNK = 256 * 1024
# A member, an empty archive, a spanned one: "PK" alone also starts a CSV column named PKEY.
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAX_PROBLEMS = 100

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MB, "g": GB, "t": 1024 * GB}


# --- settings ------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """ "10MB", "1.5 GiB", "500k" or plain bytes; units are powers of 1024."""
    found = _SIZE_RE.match(str(text))
    if not found:
        raise ValueError(f"not a size: {text!r}")
    return int(float(found.group(1)) * _UNITS[found.group(2).lower()])


def limits_from_env(defaults: Mapping[str, int], prefix: str, environ: Mapping[str, str]) -> dict[str, int]:
    """The defaults, each overridable by `<prefix><KIND>` (e.g. ZORGZAAM_UPLOAD_LIMIT_HSDS=20MB)."""
    limits = dict(defaults)
    for kind in defaults:
        name = f"{prefix}{kind.upper()}"
        if environ.get(name, "").strip():
            try:
                limits[kind] = parse_size(environ[name])
            except ValueError as exc:
                raise ImproperlyConfigured(f"{name}: {exc}") from None
    return limits


def upload_limit(kind: str) -> int:
    return getattr(settings, "ZORGZAAM_UPLOAD_LIMITS", DEFAULT_UPLOAD_LIMITS)[kind]


def unpacked_limit(kind: str) -> int:
    return getattr(settings, "ZORGZAAM_UNPACKED_LIMITS", DEFAULT_UNPACKED_LIMITS)[kind]


def human_size(n: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return str(filesizeformat(n)).replace("\xa0", " ")


# --- refusals ------------------------------------------------------------------------------------


class UploadRefused(ValidationError):
    """A file refused before it was read: too large, or a ZIP that is not safe to unpack."""

    def __init__(self, message: str):
        super().__init__(message, code="upload_refused")


def _too_large(size: int, limit: int) -> UploadRefused:
    return UploadRefused(
        _("This file is too large (%(size)s); at most %(limit)s is accepted.")
        % {"size": human_size(size), "limit": human_size(limit)}
    )


def check_size(kind: str, size: int) -> None:
    limit = upload_limit(kind)
    if size > limit:
        raise _too_large(size, limit)


def _size_of(source) -> int:
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    size = getattr(source, "size", None)
    if size is not None:
        return int(size)
    pos = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(pos)
    return size


def _is_zip(fh, name: str) -> bool:
    pos = fh.tell()
    fh.seek(0)
    head = fh.read(4)
    fh.seek(pos)
    return head in ZIP_SIGNATURES or name.lower().endswith((".zip", ".xlsx", ".xlsm"))


def check_upload(kind: str, source, name: str = "") -> None:
    """Refuse an upload (an UploadedFile, a binary file object or bytes) that is too large for its
    kind, or a ZIP (also XLSX) that is not safe to unpack. Reads no more than a ZIP's members, counted;
    leaves a file object at its start."""
    check_size(kind, _size_of(source))
    name = name or getattr(source, "name", "") or ""
    fh = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    fh.seek(0)
    try:
        if _is_zip(fh, name):
            ZipGuard(fh, kind).verify()
    finally:
        fh.seek(0)


def check_path(kind: str, path: str | Path) -> None:
    """The same for a file on disk (the command-line imports)."""
    path = Path(path)
    check_size(kind, path.stat().st_size)
    with path.open("rb") as fh:
        if _is_zip(fh, path.name):
            ZipGuard(fh, kind).verify()


# --- ZIP files -----------------------------------------------------------------------------------


def _shown(name: str) -> str:
    return name if len(name) <= 80 else name[:77] + "..."


def _unsafe_name(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    parts = re.split(r"[\\/]", name)
    return (
        not name
        or "\x00" in name
        or name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name) is not None
        or ".." in parts
    )


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


class ZipGuard:
    """A ZIP checked from its central directory on opening; `read` and `verify` count the bytes that
    actually come out and stop at the limits, whatever the headers say."""

    def __init__(self, fileobj, kind: str):
        self.max_total = unpacked_limit(kind)
        self.max_ratio = int(getattr(settings, "ZORGZAAM_ZIP_MAX_RATIO", DEFAULT_ZIP_MAX_RATIO))
        max_members = int(getattr(settings, "ZORGZAAM_ZIP_MAX_MEMBERS", DEFAULT_ZIP_MAX_MEMBERS))
        try:
            self.zf = zipfile.ZipFile(fileobj)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise UploadRefused(
                _("This ZIP file cannot be opened: it is damaged or not a ZIP file.")
            ) from exc
        if len(infos) > max_members:
            raise UploadRefused(
                _("This ZIP file holds %(n)s files; at most %(max)s are accepted.")
                % {"n": len(infos), "max": max_members}
            )
        for info in infos:
            if _unsafe_name(info):
                raise UploadRefused(
                    _("This ZIP file holds a file with a name that is not allowed (“%(name)s”).")
                    % {"name": _shown(info.filename)}
                )
            if _is_link(info):
                raise UploadRefused(
                    _("This ZIP file holds a link to another file (“%(name)s”); links are not accepted.")
                    % {"name": _shown(info.filename)}
                )
        self.members = [i for i in infos if not i.is_dir()]
        self.compressed = sum(i.compress_size for i in self.members)
        self._check_total(sum(i.file_size for i in self.members))
        self.unpacked = 0  # bytes that actually came out so far

    def _check_total(self, total: int) -> None:
        if total > self.max_total:
            raise UploadRefused(
                _("This ZIP file unpacks to more than %(limit)s, which is not accepted.")
                % {"limit": human_size(self.max_total)}
            )
        if total > RATIO_FLOOR and total > self.max_ratio * max(self.compressed, 1):
            raise UploadRefused(
                _(
                    "This ZIP file is packed more than %(ratio)s times smaller than its contents, "
                    "as a zip bomb is; it is not accepted."
                )
                % {"ratio": self.max_ratio}
            )

    def _stream(self, info: zipfile.ZipInfo):
        try:
            with self.zf.open(info) as member:
                got = 0
                while chunk := member.read(CHUNK):
                    got += len(chunk)
                    self.unpacked += len(chunk)
                    if got > info.file_size:
                        raise UploadRefused(
                            _("A file in this ZIP is larger than its header says (“%(name)s”).")
                            % {"name": _shown(info.filename)}
                        )
                    self._check_total(self.unpacked)
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            # Damaged, encrypted or compressed in a way we cannot read
            raise UploadRefused(
                _("A file in this ZIP cannot be read (“%(name)s”).") % {"name": _shown(info.filename)}
            ) from exc

    def read(self, info: zipfile.ZipInfo | str) -> bytes:
        if isinstance(info, str):
            info = self.zf.getinfo(info)
        return b"".join(self._stream(info))

    def verify(self) -> None:
        """Unpack everything into nothing, counting: for files another library opens afterwards."""
        for info in self.members:
            for _chunk in self._stream(info):
                pass

    def close(self) -> None:
        self.zf.close()


# --- problem lists -------------------------------------------------------------------------------


def more_problems(n: int) -> str:
    from zorgzaam.core.formatting import number

    return ngettext("… and %(n)s more problem.", "… and %(n)s more problems.", n) % {"n": number(n)}


def capped(messages: list, total: int | None = None) -> list[str]:
    """The first MAX_PROBLEMS messages and, when there were more (`total`, else the list's length), a
    last line counting the rest. A list already capped (MAX_PROBLEMS plus its count line) passes as is."""
    messages = [str(m) for m in messages]
    if total is None:
        if len(messages) <= MAX_PROBLEMS + 1:
            return messages
        total = len(messages)
    shown = messages[:MAX_PROBLEMS]
    if total > len(shown):
        shown.append(more_problems(total - len(shown)))
    return shown


class ProblemCounter:
    """Keeps the first MAX_PROBLEMS problems and counts the rest: a file with a million bad rows must
    not make a million messages."""

    def __init__(self):
        self.kept: list = []
        self.total = 0

    def add(self, problem) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0


# --- whole request bodies ------------------------------------------------------------------------


def max_request_body() -> int:
    """No request may be larger than the largest web upload (plus room for the form around it)."""
    limits = getattr(settings, "ZORGZAAM_UPLOAD_LIMITS", DEFAULT_UPLOAD_LIMITS)
    return max(limits[k] for k in WEB_KINDS if k in limits) + MB


class RequestSizeMiddleware:
    """Refuses a request whose declared body is larger than any upload may be, before anything reads
    it (Django would otherwise spool a file of any size to disk). Answers 413, translated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_body():
            from zorgzaam.core.errors import request_too_large

            return request_too_large(request)
        return self.get_response(request)
