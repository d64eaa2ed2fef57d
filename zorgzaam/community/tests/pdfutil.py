"""Just enough PDF reading for tests of reportlab output (no extra dependency): page count and the
text of each content stream, in page order."""

import base64
import re
import zlib


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def texts(pdf: bytes) -> list[str]:
    out = []
    for m in re.finditer(
        rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream", pdf, re.S
    ):
        raw = m.group(1).strip()
        if raw.endswith(b"~>"):
            raw = raw[:-2]
        data = zlib.decompress(base64.a85decode(raw))
        strings = re.findall(rb"\((.*?)(?<!\\)\) Tj", data, re.S)
        out.append(" ".join(_unescape(s) for s in strings))
    return [t for t in out if t]


def _unescape(raw: bytes) -> str:
    """PDF literal strings: backslash escapes, including octal codes for non-ASCII (cp1252) letters."""
    text = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw)
    text = re.sub(rb"\\(.)", rb"\1", text)
    return text.decode("cp1252")
