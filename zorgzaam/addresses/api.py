"""The address register over the API: street suggestions (the same selector as the person form)."""

from django.utils.translation import get_language
from ninja import Router, Schema

from zorgzaam.addresses import selectors
from zorgzaam.people.actor import api_actor

router = Router(tags=["addresses"])


class StreetOut(Schema):
    name: str
    name_nl: str
    name_fr: str
    name_de: str
    postcode: str
    municipality_id: str
    municipality: str


@router.get("/streets", response=list[StreetOut])
def streets(request, q: str = "", network: str | None = None):
    """Streets of the network's municipalities whose name (Dutch, French or German) contains `q`,
    accents, case and hyphens ignored; at most 10. For staff who may add people."""
    actor = api_actor(request, network)
    language = get_language() or "nl"
    return [
        {
            "name": s.name_in(language),
            "name_nl": s.name_nl,
            "name_fr": s.name_fr,
            "name_de": s.name_de,
            "postcode": s.postcode,
            "municipality_id": s.municipality_id,
            "municipality": s.municipality_fr
            if language.startswith("fr") and s.municipality_fr
            else s.municipality_nl,
        }
        for s in selectors.street_suggestions(actor, q[:200])
    ]
