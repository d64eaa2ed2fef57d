"""Keeping what Zorgzaam does not model (HSDS fields, list items) next to what it does.

On import, `strip(original, generated)` keeps of an original HSDS record only what our own export of the
imported data would not say: that remainder is stored with the record (`hsds_extra`). On export,
`merge(generated, extra)` lays our data over the remainder again. List items are paired by a natural key
(phone number, language code, schedule days and hours...) or, for locations and addresses, by position.
Remainders of items we did model carry their key: when the item is gone from Zorgzaam, its remainder goes too.
Items we did not model at all (a second phone, an unknown language...) are kept whole and published again.
"""

from __future__ import annotations

from zorgzaam.socialmap.hsds.common import parse_days, text

KEY = "__key"


class Default:
    """A value our export fills in when the data has none (country BE...): a value from the source wins."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Default) and other.value == self.value

    def __repr__(self):
        return f"Default({self.value!r})"


def _hhmm(v) -> str:
    return text(v)[:5]


def _schedule_key(item: dict) -> str:
    days = parse_days(item.get("byday"))
    if days is None:
        return "note|" + text(item.get("description"))
    return "week|{}|{}|{}".format(
        ",".join(map(str, days)), _hhmm(item.get("opens_at")), _hhmm(item.get("closes_at"))
    )


def _attribute_key(item: dict) -> str:
    term = item.get("taxonomy_term") if isinstance(item.get("taxonomy_term"), dict) else {}
    return "attr|{}|{}".format(text(term.get("taxonomy")), text(term.get("code")))


_NATURAL = {
    "phones": lambda i: "phone|" + text(i.get("number")),
    "languages": lambda i: "lang|" + text(i.get("code")).lower(),
    "service_areas": lambda i: "area|" + text(i.get("name")),
    "accessibility": lambda i: "acc|" + text(i.get("description")),
    "schedules": _schedule_key,
    "attributes": _attribute_key,
}


def _key(name: str, item, index: int) -> str:
    if not isinstance(item, dict):
        return f"#{index}"
    natural = _NATURAL.get(name)
    return natural(unwrap(item)) if natural else f"#{index}"


def _empty(v) -> bool:
    return v is None or v == "" or v == [] or v == {}


def clean(v):
    """Drop our bookkeeping keys and empty values (HSDS 3 omits empty optional fields)."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k.startswith("__") or k == "_src":
                continue
            x = clean(x)
            if not _empty(x):
                out[k] = x
        return out
    if isinstance(v, list):
        return [clean(x) for x in v if not _empty(x)]
    return v


def unwrap(v):
    if isinstance(v, Default):
        return v.value
    if isinstance(v, dict):
        return {k: unwrap(x) for k, x in v.items()}
    if isinstance(v, list):
        return [unwrap(x) for x in v]
    return v


def strip(orig: dict, gen: dict, *, nested: bool = False) -> dict:
    """`nested`: a part of a record (location, address...); the source's own id of a part survives."""
    out = {}
    for k, v in orig.items():
        if k.startswith("__") or k == "_src":
            continue
        v = clean(v)
        if _empty(v):
            continue
        if k not in gen:
            out[k] = v
            continue
        g = gen[k]
        if isinstance(g, Default):
            if v != g.value:
                out[k] = v
        elif isinstance(v, dict) and isinstance(g, dict):
            rest = strip(v, g, nested=True)
            if rest:
                out[k] = rest
        elif isinstance(v, list) and isinstance(g, list):
            rest = _strip_list(k, v, g)
            if rest:
                out[k] = rest
        # Otherwise the value is ours (modelled): it is not kept twice.
    if nested and orig.get("id"):
        out["id"] = orig["id"]
    return out


def _strip_list(name: str, orig: list, gen: list) -> list:
    wanted = {}
    for i, g in enumerate(gen):
        wanted.setdefault(_key(name, g, i), g)
    out = []
    for i, item in enumerate(orig):
        k = _key(name, item, i)
        if isinstance(item, dict) and k in wanted:
            rest = strip(item, wanted.pop(k), nested=True)
            rest[KEY] = k
            out.append(rest)
        else:
            out.append(item)
    return out


def merge(gen: dict, extra: dict | None, *, nested: bool = False) -> dict:
    extra = extra or {}
    out = {}
    for k, v in extra.items():
        if k == KEY:
            continue
        out[k] = _drop_keyed(v)
    for k, g in gen.items():
        e = extra.get(k)
        if isinstance(g, Default):
            if k not in extra:
                out[k] = g.value
        elif isinstance(g, dict) and isinstance(e, dict):
            out[k] = merge(g, e, nested=True)
        elif isinstance(g, list) and isinstance(e, list):
            out[k] = _merge_list(k, g, e)
        else:
            out[k] = unwrap(g)
    if nested and extra.get("id"):
        out["id"] = extra["id"]
    return {k: v for k, v in out.items() if not _empty(v) or (k in gen and not isinstance(gen[k], Default))}


def _drop_keyed(v):
    """Remainders of items we modelled but no longer have are dropped with them."""
    if isinstance(v, list):
        return [_drop_keyed(x) for x in v if not (isinstance(x, dict) and KEY in x)]
    if isinstance(v, dict):
        return {k: _drop_keyed(x) for k, x in v.items() if k != KEY}
    return v


def _merge_list(name: str, gen: list, extra: list) -> list:
    keyed = {}
    loose = []
    for e in extra:
        if isinstance(e, dict) and KEY in e:
            keyed.setdefault(e[KEY], e)
        else:
            loose.append(e)
    out = []
    for i, g in enumerate(gen):
        k = _key(name, g, i)
        e = keyed.pop(k, None)
        if e is None and name in _NATURAL:
            # An item kept whole earlier that we model now (e.g. a language added since): one item, not two.
            for j, x in enumerate(loose):
                if _key(name, x, -1) == k:
                    e = loose.pop(j)
                    break
        if e is None:
            out.append(unwrap(g))
        else:
            out.append(merge(g, e, nested=True))
    out.extend(_drop_keyed(x) for x in loose)
    return out
