"""Four neighbourhoods of the fictional municipality Lindebeek (WGS84 boundaries near Aalst)."""

from zorgzaam.networks.models import Area

# (slug, name, description, (lon_min, lat_min, lon_max, lat_max))
AREAS = [
    (
        "centrum",
        "Centrum",
        "Dorpskern rond de markt en de kerk, met het lokaal dienstencentrum.",
        (4.030, 50.925, 4.060, 50.945),
    ),
    (
        "kerkwijk",
        "Kerkwijk",
        "Sociale woonwijk uit de jaren zeventig, veel alleenwonende ouderen.",
        (4.060, 50.925, 4.090, 50.945),
    ),
    (
        "molenveld",
        "Molenveld",
        "Nieuwere verkaveling met jonge gezinnen en een buurtpark.",
        (4.030, 50.905, 4.060, 50.925),
    ),
    (
        "heide",
        "Heide-Bos",
        "Landelijk gehucht met verspreide bebouwing en weinig voorzieningen.",
        (4.060, 50.905, 4.090, 50.925),
    ),
]


def box(lon0, lat0, lon1, lat1) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]],
    }


def build(ctx):
    for slug, name, description, bounds in AREAS:
        Area.objects.update_or_create(
            network=ctx.network,
            slug=slug,
            defaults={"name": name, "description": description, "boundary": box(*bounds)},
        )
    load(ctx)


def load(ctx):
    ctx.data["areas"] = {a.slug: a for a in Area.objects.filter(network=ctx.network)}
    ctx.data["area_bounds"] = {slug: bounds for slug, _n, _d, bounds in AREAS}
