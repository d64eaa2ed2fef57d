"""Persons and consents over the API: the same services, so the same permission rules as the UI."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zorgzaam.core.keyset import KeysetPagination
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people import merge, services
from zorgzaam.people.actor import api_actor
from zorgzaam.people.duplicates import LikelyDuplicates
from zorgzaam.people.models import Language, Person, Tag

router = Router(tags=["people"])


class TagOut(Schema):
    tag: str = Field(..., alias="tag.code")
    kind: str
    note: str


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_year: int | None
    area_id: int | None
    phone: str
    email: str
    street: str
    house_number: str
    postcode: str
    municipality: str
    latitude: float | None
    longitude: float | None
    lives_alone: bool | None
    household_size: int | None
    capacity: int | None
    capacity_note: str
    contact_preferences: list[str]
    availability: list[str]
    languages: list[str]
    tags: list[TagOut]
    # How the address was matched to the address register: placed, not_found, no_address, manual.
    address_placement: str | None = None

    @staticmethod
    def resolve_address_placement(obj):
        from django.apps import apps

        if not apps.is_installed("zorgzaam.addresses"):
            return None
        from zorgzaam.addresses.models import PersonPlacement

        return PersonPlacement.objects.filter(person_id=obj.pk).values_list("outcome", flat=True).first()

    @staticmethod
    def resolve_languages(obj):
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_tags(obj):
        return list(obj.tags.all())


class PersonListOut(Schema):
    id: int
    first_name: str
    last_name: str
    area_id: int | None
    birth_year: int | None


class TagIn(Schema):
    tag: str
    kind: str
    note: str = ""


class PersonIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field("", max_length=100)
    birth_year: int | None = None
    area_id: int | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    street: str = Field("", max_length=150)
    house_number: str = Field("", max_length=20)
    postcode: str = Field("", max_length=10)
    municipality: str = Field("", max_length=100)
    latitude: float | None = None
    longitude: float | None = None
    lives_alone: bool | None = None
    household_size: int | None = Field(None, ge=0, le=50)
    capacity: int | None = Field(None, ge=0, le=3)
    capacity_note: str = Field("", max_length=300)
    contact_preferences: list[str] = []
    availability: list[str] = []
    languages: list[str] = []
    tags: list[TagIn] = []
    # True once the caller has checked the likely duplicates a 409 answer listed.
    confirm_new: bool = False


class CandidateOut(Schema):
    """A likely duplicate: only what tells two people apart, all readable by the caller."""

    id: int
    first_name: str
    last_name: str
    birth_year: int | None
    street: str
    house_number: str
    area_id: int | None
    area: str | None = None

    @staticmethod
    def resolve_area(obj):
        return str(obj.area) if obj.area_id else None


class DuplicatesOut(Schema):
    detail: str
    candidates: list[CandidateOut]


class PersonPatch(Schema):
    """Only the fields sent change. null is accepted only where the record can be empty (birth year,
    area, coordinates...); text fields are cleared with "", not null."""

    first_name: str = Field(None, min_length=1, max_length=100)
    last_name: str = Field(None, max_length=100)
    birth_year: int | None = None
    area_id: int | None = None
    phone: str = Field(None, max_length=40)
    email: str = Field(None, max_length=254)
    street: str = Field(None, max_length=150)
    house_number: str = Field(None, max_length=20)
    postcode: str = Field(None, max_length=10)
    municipality: str = Field(None, max_length=100)
    latitude: float | None = None
    longitude: float | None = None
    lives_alone: bool | None = None
    household_size: int | None = Field(None, ge=0, le=50)
    capacity: int | None = Field(None, ge=0, le=3)
    capacity_note: str = Field(None, max_length=300)
    contact_preferences: list[str] = None
    availability: list[str] = None
    languages: list[str] | None = None
    tags: list[TagIn] | None = None


class PersonFilter(Schema):
    network: str | None = None
    q: str = ""
    area: int | None = None
    talent: str | None = None
    need: str | None = None
    language: str | None = None


class ConsentOut(Schema):
    id: int
    purpose: str
    organisation_id: int | None
    granted: bool
    channel: str
    note: str
    on_behalf: bool
    recorded_at: str

    @staticmethod
    def resolve_recorded_at(obj):
        return obj.recorded_at.isoformat()


class ConsentIn(Schema):
    purpose: str
    granted: bool
    channel: str
    organisation_id: int | None = None
    note: str = Field("", max_length=300)


def _languages(codes: list[str]) -> list[Language]:
    found = list(Language.objects.filter(code__in=codes))
    missing = set(codes) - {lang.code for lang in found}
    if missing:
        raise ValidationError(
            {"languages": _("Unknown language: %(codes)s") % {"codes": ", ".join(sorted(missing))}}
        )
    return found


def _tags(actor, items: list[TagIn]) -> list[tuple]:
    codes = {t.tag for t in items}
    tags = {t.code: t for t in Tag.objects.filter(code__in=codes, network__isnull=True)}
    tags.update({t.code: t for t in Tag.objects.filter(code__in=codes, network=actor.network)})
    missing = codes - set(tags)
    if missing:
        raise ValidationError({"tags": _("Unknown tag: %(codes)s") % {"codes": ", ".join(sorted(missing))}})
    return [(tags[t.tag], t.kind, t.note) for t in items]


def _area(actor, area_id):
    if area_id is None:
        return None
    area = Area.objects.filter(pk=area_id, network=actor.network).first()
    if area is None:
        raise ValidationError({"area_id": _("Unknown area.")})
    return area


def _fields(actor, payload: dict) -> dict:
    out = dict(payload)
    if "area_id" in out:
        out["area"] = _area(actor, out.pop("area_id"))
    if out.get("languages") is not None:
        out["languages"] = _languages(out["languages"])
    if out.get("tags") is not None:
        out["tags"] = _tags(actor, [TagIn(**t) for t in out["tags"]])
    return out


def _person(actor, person_id: int) -> Person:
    return services.get_person(actor, person_id)


@router.get("/persons", response=list[PersonListOut])
@paginate(KeysetPagination)
def list_persons(request, filters: Query[PersonFilter]):
    """Pages follow `next_cursor` (pass it back as `cursor`); `offset` still works but is slow for
    deep pages of a large network."""
    actor = api_actor(request, filters.network)
    if not services.can_list_persons(actor):
        raise PermissionDenied
    talent = (
        Tag.objects.filter(code=filters.talent).values_list("pk", flat=True).first()
        if filters.talent
        else None
    )
    need = (
        Tag.objects.filter(code=filters.need).values_list("pk", flat=True).first() if filters.need else None
    )
    return services.search_persons(
        actor, q=filters.q, area=filters.area, talent=talent, need=need, language=filters.language
    )


@router.post("/persons", response={201: PersonOut, 409: DuplicatesOut})
def create_person(request, payload: PersonIn, network: str | None = None):
    """409 with the likely duplicates (among the people the caller may see) unless `confirm_new`."""
    actor = api_actor(request, network)
    try:
        person = services.create_person(actor, **_fields(actor, payload.dict()))
    except LikelyDuplicates as exc:
        return Status(409, {"detail": exc.messages[0], "candidates": exc.candidates})
    return Status(201, services.get_person(actor, person.pk, log_view=False))


@router.get("/persons/{person_id}", response=PersonOut)
def get_person(request, person_id: int, network: str | None = None):
    """The id of a record merged into another gives the survivor (200, its own `id` in the body) to
    a caller who may read the survivor; to anyone else it answers like any unknown id."""
    actor = api_actor(request, network)
    try:
        return _person(actor, person_id)
    except PermissionDenied:
        survivor = merge.survivor_id(actor, person_id)
        if survivor is None:
            raise
        return _person(actor, survivor)


class MergeIn(Schema):
    duplicate_id: int
    values: dict[str, str] = Field(
        default_factory=dict, description='Per field group, "survivor" or "duplicate": whose value stays.'
    )
    keep_login: str | None = Field(None, description='"survivor" or "duplicate" when both have a login.')


@router.post("/persons/{person_id}/merge", response=PersonOut)
def merge_person(request, person_id: int, payload: MergeIn, network: str | None = None):
    """Merge the record `duplicate_id` into this one (coordinators); returns the survivor."""
    actor = api_actor(request, network)
    survivor, duplicate = merge.merge_pair(actor, person_id, payload.duplicate_id)
    merge.merge_persons(actor, survivor, duplicate, values=payload.values, keep_login=payload.keep_login)
    return services.get_person(actor, survivor.pk, log_view=False)


@router.patch("/persons/{person_id}", response=PersonOut)
def patch_person(request, person_id: int, payload: PersonPatch, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_person(actor, person_id, log_view=False)
    services.update_person(actor, person, **_fields(actor, payload.dict(exclude_unset=True)))
    return services.get_person(actor, person_id, log_view=False)


@router.get("/persons/{person_id}/consents", response=list[ConsentOut])
def list_consents(request, person_id: int, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_person(actor, person_id)
    return list(person.consents.all())


@router.post("/persons/{person_id}/consents", response={201: ConsentOut})
def add_consent(request, person_id: int, payload: ConsentIn, network: str | None = None):
    actor = api_actor(request, network)
    person = services.get_person(actor, person_id, log_view=False)
    organisation = None
    if payload.organisation_id is not None:
        organisation = get_object_or_404(Organisation, pk=payload.organisation_id, network=actor.network)
    consent = services.record_consent(
        actor,
        person,
        purpose=payload.purpose,
        granted=payload.granted,
        channel=payload.channel,
        organisation=organisation,
        note=payload.note,
    )
    return Status(201, consent)
