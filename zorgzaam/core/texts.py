"""Text rendered for the reader: registries of text kinds (notifications, request timelines).

A stored message is a registered kind plus JSON parameters. Its title, text and link are rendered
when someone reads it (or when an e-mail is sent), in the reader's language, so a French-speaking
recipient reads French even when a Dutch-speaking colleague caused the message. Links come from a
URL name and parameters through reverse(), never from stored paths. Each owning app registers its
kinds in its AppConfig.ready(); rendering an unregistered kind is a programming error except for old
rows, which the owning model renders from its stored text (marked "legacy" there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str = ""
    url: str = ""


@dataclass(frozen=True)
class TextKind:
    """title/body: lazy translations with %(name)s placeholders filled from the parameters (or a
    callable(params) -> str for texts that pick between variants). `formats` turns a stored code into
    display text at rendering time (e.g. an urgency code into its translated label). `sample` holds
    example parameters for the test that renders every kind in every language."""

    code: str
    title: Any
    body: Any = ""
    url_name: str = ""
    url_args: tuple[str, ...] = ()
    formats: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    sample: Mapping[str, Any] = field(default_factory=dict)

    def placeholders(self) -> set[str]:
        names: set[str] = set()
        for text in (self.title, self.body):
            if text and not callable(text):
                names |= set(PLACEHOLDER.findall(str(_msgid(text))))
        return names


def _msgid(text) -> str:
    """The untranslated text of a lazy translation (to find its placeholders in any language)."""
    with translation.override(None):
        return str(text)


class TextRegistry:
    """Kinds of one family of stored texts, filled by the apps' ready() at start-up."""

    def __init__(self, name: str, fallback):
        self.name = name
        self.fallback = fallback  # shown when a kind's parameters are gone (after an erasure)
        self.kinds: dict[str, TextKind] = {}

    def register(self, code: str, title, body="", **options) -> str:
        self.kinds[code] = TextKind(code=code, title=title, body=body, **options)
        return code

    def __contains__(self, code: str) -> bool:
        return code in self.kinds

    def get(self, code: str) -> TextKind:
        try:
            return self.kinds[code]
        except KeyError:
            raise ValueError(f"Unregistered {self.name} kind: {code}") from None

    def render(self, code: str, params: Mapping | None = None, language: str | None = None) -> Rendered:
        """Title, body and path of one stored text in `language` (default: the active language)."""
        kind = self.get(code)
        params = dict(params or {})
        if language:
            with translation.override(language):
                return _render(kind, params, self.fallback)
        return _render(kind, params, self.fallback)


def _fill(text, values: dict) -> str:
    if not text:
        return ""
    if callable(text):
        return str(text(values))
    return str(text) % values


def _render(kind: TextKind, params: dict, fallback) -> Rendered:
    url = ""
    try:
        if kind.url_name:
            url = reverse(kind.url_name, args=[params[a] for a in kind.url_args])
    except (KeyError, NoReverseMatch):
        pass  # a link without its parameters is left out; the text may still render
    try:
        values = dict(params)
        for name, fmt in kind.formats.items():
            if name in values:
                values[name] = fmt(values[name])
        return Rendered(_fill(kind.title, values), _fill(kind.body, values), url)
    except (KeyError, ValueError, TypeError):
        # Parameters wiped by an erasure (or a code a newer version no longer knows): a neutral text.
        return Rendered(str(fallback), "", url)


def local_datetime(value: str) -> str:
    """A stored ISO date-time in the reader's short format and the site's time zone (for `formats`)."""
    return date_format(timezone.localtime(parse_datetime(value)), "SHORT_DATETIME_FORMAT")


def local_date(value: str) -> str:
    """A stored ISO date in the reader's short format (for `formats`)."""
    return date_format(parse_date(value), "SHORT_DATE_FORMAT")


def language_of(user) -> str:
    """The language to write to `user` in: their own choice, else the installation's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = (getattr(user, "preferred_language", "") or "")[:2]
    return chosen if chosen in codes else settings.LANGUAGE_CODE


NOTIFICATIONS = TextRegistry("notification", _("A notice about a person whose data has been erased"))
TIMELINE = TextRegistry("timeline", _("Step recorded (its text was removed)"))
