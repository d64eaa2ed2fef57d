"""Demo: a time bank in hours with a solidarity pool and about forty transfers."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from zorgzaam.people.actor import build_actor
from zorgzaam.people.models import Person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import LedgerSettings

MEMOS = [
    "Boodschappen",
    "Gras gemaaid",
    "Lift naar de dokter",
    "Hulp met formulieren",
    "Soep gebracht",
    "Fiets hersteld",
    "Gordijnen opgehangen",
]


def build(ctx):
    rng = ctx.rng
    network = ctx.network
    LedgerSettings.objects.update_or_create(
        network=network, defaults={"mode": "hours", "unit_name": "", "default_min": -600, "default_max": 2400}
    )
    coord = build_actor(ctx.data["users"]["coordinator"], network)
    maria = Person.objects.get(network=network, user=ctx.data["users"]["bewoner"])
    people = [maria] + rng.sample(ctx.data["residents"], 24)
    accounts = [services.account_for(coord, person=p) for p in people]
    services.pool_account(network)
    done = 0
    services.give_from_pool(coord, accounts[0], 120, "Startkrediet van de buurt")
    services.give_from_pool(coord, accounts[3], 180, "Winterhulp")
    attempts = 0
    while done < 40 and attempts < 200:
        attempts += 1
        payer, payee = rng.sample(accounts, 2)
        try:
            services.transfer(coord, payer, payee, rng.choice([30, 45, 60, 90, 120, 180]), rng.choice(MEMOS))
        except ValidationError:
            continue
        done += 1
    # A volunteer recorded help given to Maria: it waits for her confirmation on her time bank page.
    volunteer = Person.objects.filter(network=network, user=ctx.data["users"]["vrijwilliger"]).first()
    if volunteer is not None and volunteer.pk != maria.pk:
        services.claim_transfer(
            build_actor(ctx.data["users"]["vrijwilliger"], network),
            accounts[0],
            services.account_for(coord, person=volunteer),
            60,
            "Boodschappen gedaan",
        )
    ctx.log(f"    time bank: {len(accounts)} accounts, {done} transfers, 1 claim to confirm")
