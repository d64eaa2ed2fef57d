import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def taxonomy(db):
    from zorgzaam.people.models import Language
    from zorgzaam.socialmap import taxonomy as tx
    from zorgzaam.socialmap.models import Category, TargetGroup

    tx.seed(Category, TargetGroup)  # the migration seeds too, but transactional tests flush it
    for code, nl in (("nl", "Nederlands"), ("fr", "Frans"), ("ar", "Arabisch")):
        Language.objects.get_or_create(code=code, defaults={"name_nl": nl, "name_fr": nl, "name_en": nl})
    return {
        "categories": {c.code: c for c in Category.objects.all()},
        "groups": {t.code: t for t in TargetGroup.objects.all()},
        "languages": {lang.code: lang for lang in Language.objects.all()},
    }


@pytest.fixture
def make_service(taxonomy):
    from zorgzaam.socialmap.models import Service, ServiceSchedule

    def make(
        organisation, name="Dienst", *, categories=(), groups=(), areas=(), languages=(), hours=(), **fields
    ):
        fields.setdefault("last_verified_at", timezone.now())
        service = Service.objects.create(organisation=organisation, name=name, **fields)
        service.categories.set([taxonomy["categories"][c] for c in categories])
        service.target_groups.set([taxonomy["groups"][g] for g in groups])
        service.areas.set(areas)
        service.languages.set([taxonomy["languages"][c] for c in languages])
        for weekday, opens, closes in hours:
            ServiceSchedule.objects.create(
                service=service,
                weekday=weekday,
                opens_at=dt.time.fromisoformat(opens),
                closes_at=dt.time.fromisoformat(closes),
            )
        return service

    return make


@pytest.fixture
def other_org(network):
    from zorgzaam.organisations.models import Organisation

    return Organisation.objects.create(network=network, name="CAW Test", kind="welfare")
