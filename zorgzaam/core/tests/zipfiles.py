"""ZIP files for upload tests: zip bombs made on the fly (streamed, never held in memory), lying
headers, and members with names that must be refused."""

from __future__ import annotations

import io
import struct
import zipfile

MB = 1024 * 1024


def zeros_zip(target, size: int = 200 * MB, member: str = "organizations.csv", extra: dict | None = None):
    """`size` bytes of zeros, deflated into `target` (a path or a binary file) piece by piece: 200 MB
    becomes about 200 KB. `extra` adds small members {name: bytes}."""
    block = b"\0" * MB
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        with zf.open(member, "w", force_zip64=size > 2000 * MB) as fh:
            left = size
            while left > 0:
                fh.write(block[: min(left, MB)])
                left -= MB
    return target


def zeros_zip_bytes(size: int, member: str = "organizations.csv", extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    zeros_zip(buf, size, member, extra)
    return buf.getvalue()


def lying_zip_bytes(
    real_size: int = 20 * MB, claimed: int = 1000, member: str = "organizations.csv"
) -> bytes:
    """A member whose headers (local and central) claim `claimed` bytes while its data unpacks to
    `real_size`."""
    raw = bytearray(zeros_zip_bytes(real_size, member))
    # Local file header: signature PK\3\4, uncompressed size at offset 22.
    struct.pack_into("<I", raw, 22, claimed)
    # Central directory header: signature PK\1\2, uncompressed size at offset 24.
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, claimed)
    return bytes(raw)


def named_zip_bytes(name: str, data: bytes = b"id\n", *, symlink: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.create_system = 3
            info.external_attr = 0o120777 << 16
        zf.writestr(info, data)
    return buf.getvalue()


def many_members_zip_bytes(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(n):
            zf.writestr(f"f{i}.csv", b"")
    return buf.getvalue()
