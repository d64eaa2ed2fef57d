"""Reference data: frameworks and the 35 projects, loaded from the JSON files shipped with the package."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from zorgzaam.reference.models import Framework, Project

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_reference_data() -> tuple[int, int]:
    """Idempotent: (re)writes every framework and project from the shipped files."""
    frameworks = load_json("frameworks.json")
    n_fw = 0
    for key, value in frameworks.items():
        if key.startswith("_"):
            continue
        source = value.get("source", "") if isinstance(value, dict) else ""
        Framework.objects.update_or_create(key=key, defaults={"source": source, "data": value})
        n_fw += 1
    projects = load_json("projects.json")["projects"]
    for p in projects:
        Project.objects.update_or_create(
            number=p["id"],
            defaults={
                "title": p["title"],
                "place": p.get("place", ""),
                "province": p.get("province_inferred", ""),
                "data": p,
            },
        )
    return n_fw, len(projects)


def framework(key: str) -> dict:
    obj = Framework.objects.filter(key=key).first()
    return obj.data if obj else load_json("frameworks.json")[key]


def vvsg_functions() -> list[dict]:
    return framework("vvsg_functions")["items"]
