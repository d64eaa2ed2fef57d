"""Demo sector layer for Lindebeek (NIS 41999), imported through the real importer, and indicators
for 2024 and 2025 that follow the demo residents (each demo resident stands for ~8 real ones)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
import shapely

from zorgzaam.people.actor import system_actor
from zorgzaam.people.models import Person
from zorgzaam.sectors import geo, services
from zorgzaam.sectors.catalogue import seed
from zorgzaam.sectors.indicators import import_table
from zorgzaam.sectors.models import Indicator, IndicatorValue, Placement, Sector
from zorgzaam.sectors.testing import write_layer

NIS = "41999"
LETTERS = {"centrum": "A", "kerkwijk": "B", "molenveld": "C", "heide": "D"}
NAMES = {
    "centrum": [
        ("Markt", "Marché"),
        ("Kerkplein", "Place de l'Église"),
        ("Stationsbuurt", "Quartier de la Gare"),
        ("Molenstraat", "Rue du Moulin"),
        ("Dorpskern-Noord", "Centre-Nord"),
    ],
    "kerkwijk": [
        ("Kerkwijk-Oost", "Kerkwijk-Est"),
        ("Lindenhof", "Cour des Tilleuls"),
        ("Hoogstraat", "Rue Haute"),
        ("Pastorijveld", "Champ du Presbytère"),
        ("Kapelwijk", "Quartier de la Chapelle"),
    ],
    "molenveld": [
        ("Molenveld-Park", "Parc du Moulin"),
        ("Nieuwe Dreef", "Nouvelle Drève"),
        ("Beekkant", "Côté Ruisseau"),
        ("Speelplein", "Plaine de Jeux"),
        ("Akkerwijk", "Quartier des Champs"),
    ],
    "heide": [
        ("Heide", "Bruyère"),
        ("Bosrand", "Lisière du Bois"),
        ("Hoeveveld", "Champ de la Ferme"),
        ("Kapelleveld", "Champ de la Chapelle"),
        ("Bergske", "Petite Colline"),
    ],
}
SCALE = 8  # real residents per demo resident


def _split(rng, poly, n: int) -> list:
    """Cut a polygon into n slanted strips that tile it exactly."""
    minx, miny, maxx, maxy = poly.bounds
    width = maxx - minx
    cuts_bottom = (
        [minx] + sorted(minx + width * (i + rng.uniform(-0.2, 0.2)) / n for i in range(1, n)) + [maxx]
    )
    cuts_top = [minx] + [c + rng.uniform(-0.08, 0.08) * width / n for c in cuts_bottom[1:-1]] + [maxx]
    parts = []
    for i in range(n):
        strip = shapely.Polygon(
            [
                (cuts_bottom[i] - (1000 if i == 0 else 0), miny - 1000),
                (cuts_bottom[i + 1] + (1000 if i == n - 1 else 0), miny - 1000),
                (cuts_top[i + 1] + (1000 if i == n - 1 else 0), maxy + 1000),
                (cuts_top[i] - (1000 if i == 0 else 0), maxy + 1000),
            ]
        )
        parts.append(poly.intersection(strip))
    return parts


def build(ctx):
    # The catalogue comes from a data migration; re-seed in case it was emptied since (it is idempotent).
    seed(Indicator)
    rng = ctx.rng
    actor = system_actor(ctx.network)
    areas, bounds = ctx.data["areas"], ctx.data["area_bounds"]
    geoms, codes, nl, fr, area_of = [], [], [], [], {}
    for slug, (lon0, lat0, lon1, lat1) in bounds.items():
        box = shapely.segmentize(shapely.box(lon0, lat0, lon1, lat1), 0.002)
        poly = geo.transform(np.array([box], dtype=object), 4326, 31370)[0]
        n = rng.randint(3, 5)
        for i, part in enumerate(_split(rng, poly, n)):
            code = f"{NIS}{LETTERS.get(slug, 'Z')}{i:02d}-"
            geoms.append(part)
            codes.append(code)
            nl.append(NAMES.get(slug, NAMES["centrum"])[i][0])
            fr.append(NAMES.get(slug, NAMES["centrum"])[i][1])
            area_of[code] = slug
    with tempfile.TemporaryDirectory() as tmp:
        path = write_layer(
            Path(tmp) / "sh_statbel_statistical_sectors_31370",
            geoms,
            codes,
            fmt="gpkg",
            names_nl=nl,
            names_fr=fr,
        )
        sset = services.import_sector_file(
            actor,
            path,
            reference_year=2024,
            name="Statistische sectoren 2024 (demo)",
            source="Statbel (demo-uittreksel)",
        )
    for slug, area in areas.items():
        services.set_area_sectors(actor, area, [c for c, s in area_of.items() if s == slug], recompute=False)
    services.assign_points(ctx.network)
    ctx.log(
        f"    {sset.feature_count} sectors, "
        f"placements for {Placement.objects.filter(network=ctx.network, sector__isnull=False).count()} points"
    )
    _indicators(ctx, rng, codes, area_of)


def _indicators(ctx, rng, codes, area_of):
    """Write a Statbel-like CSV (; separated, decimal commas) and import it through the importer."""
    sector_ids = dict(
        Sector.objects.filter(sector_set=services.current_sector_set()).values_list("code", "pk")
    )
    by_sector: dict[str, list[Person]] = {c: [] for c in codes}
    code_of = {v: k for k, v in sector_ids.items()}
    for pl in Placement.objects.filter(network=ctx.network, source=services.PERSON_SOURCE).select_related(
        "person"
    ):
        if pl.sector_id in code_of and pl.person is not None:
            by_sector[code_of[pl.sector_id]].append(pl.person)
    income_base = {"centrum": 23500, "kerkwijk": 19800, "molenveld": 27500, "heide": 22000}
    header = [
        "CD_SECTOR",
        "CD_YEAR",
        "population_total",
        "population_0_17",
        "population_18_64",
        "population_65_74",
        "population_75_84",
        "population_85_plus",
        "population_65_plus",
        "population_75_plus",
        "living_alone_65_plus",
        "median_taxable_income",
        "population_non_belgian_origin",
    ]
    rows = []
    for year in (2024, 2025):
        for code in codes:
            people = by_sector[code]
            bands = {"0_17": 0, "18_64": 0, "65_74": 0, "75_84": 0, "85_plus": 0}
            alone65 = 0
            for p in people:
                age = year - (p.birth_year or 1970)
                band = (
                    "0_17"
                    if age < 18
                    else "18_64"
                    if age < 65
                    else "65_74"
                    if age < 75
                    else "75_84"
                    if age < 85
                    else "85_plus"
                )
                bands[band] += 1
                alone65 += int(age >= 65 and bool(p.lives_alone))
            # Scale up the demo sample and add the children the demo does not model.
            counts = {b: n * SCALE + rng.randint(0, 6) for b, n in bands.items()}
            counts["0_17"] += rng.randint(40, 120) if area_of[code] == "molenveld" else rng.randint(15, 60)
            total = sum(counts.values())
            alone = min(
                alone65 * SCALE + rng.randint(0, 4), counts["65_74"] + counts["75_84"] + counts["85_plus"]
            )
            income = income_base.get(area_of[code], 23000) * (1 + 0.02 * (year - 2024)) + rng.randint(
                -1500, 1500
            )
            foreign = round(total * rng.uniform(0.04, 0.22 if area_of[code] == "kerkwijk" else 0.12))
            rows.append(
                [
                    code,
                    year,
                    total,
                    counts["0_17"],
                    counts["18_64"],
                    counts["65_74"],
                    counts["75_84"],
                    counts["85_plus"],
                    counts["65_74"] + counts["75_84"] + counts["85_plus"],
                    counts["75_84"] + counts["85_plus"],
                    alone,
                    f"{income:.0f},00".replace(".", ","),
                    foreign,
                ]
            )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lindebeek_sectoren.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(header)
            w.writerows(rows)
        mapping = {"CD_SECTOR": ("sector", ""), "CD_YEAR": ("year", "")}
        mapping.update({h: ("value", h) for h in header[2:]})
        counts = import_table(
            system_actor(ctx.network),
            path,
            mapping=mapping,
            source_name="Statbel-sectorcijfers (demo)",
            filename=path.name,
        )
    # The share of non-Belgian origin is derived: numerator and denominator per sector.
    share = Indicator.objects.get(code="share_non_belgian_origin")
    total = {
        (v.sector_code, v.year): v.value
        for v in IndicatorValue.objects.filter(indicator__code="population_total")
    }
    foreign = IndicatorValue.objects.filter(indicator__code="population_non_belgian_origin")
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=share,
                sector_code=v.sector_code,
                year=v.year,
                numerator=v.value,
                denominator=total[(v.sector_code, v.year)],
                value=round(100 * v.value / total[(v.sector_code, v.year)], 1),
            )
            for v in foreign
            if total.get((v.sector_code, v.year))
        ]
    )
    ctx.log(f"    {counts['values']} indicator values for 2024 and 2025")


def load(ctx):
    ctx.data["sector_set"] = services.current_sector_set()
