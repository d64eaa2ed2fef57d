"""The demo orchestrator. Each app may have a demo.py with `build(ctx)`; steps run in app order,
each in its own transaction and at most once per demo network (recorded in DemoStep), so
`zorgzaam demo` is idempotent and a newly added app's step also runs on an existing demo."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db import transaction

DEMO_SLUG = "lindebeek"
DEMO_PASSWORD = "demo-zorgzaam-2026"  # demo only; documented in the README


@dataclass
class DemoContext:
    network: object
    rng: random.Random
    stdout: object = None
    data: dict = field(default_factory=dict)  # shared between steps: areas, staff users...

    def log(self, msg: str) -> None:
        if self.stdout is not None:
            self.stdout.write(msg)


def demo_steps():
    for app in settings.ZORGZAAM_APPS:
        if find_spec(f"{app}.demo") is not None:
            module = import_module(f"{app}.demo")
            if hasattr(module, "build"):
                yield app.rsplit(".", 1)[-1], module


def run_demo(stdout=None, seed: int = 2026) -> DemoContext:
    from django.apps import apps

    from zorgzaam.core.models import DemoStep

    # By label, not by import: core imports no domain app (the demo needs the networks app installed).
    Network = apps.get_model("networks", "Network")
    network, _ = Network.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Zorgzaam Lindebeek",
            "municipality": "Lindebeek",
            "nis_code": "41999",
            "description": "Demo: a fictional Flemish municipality with four neighbourhoods.",
        },
    )
    ctx = DemoContext(network=network, rng=random.Random(seed), stdout=stdout)
    for label, module in demo_steps():
        # Steps may need the context (areas, people) built by earlier ones, even when those were done
        # in an earlier run: `load` re-reads it without writing.
        done = DemoStep.objects.filter(network=ctx.network, step=label).exists()
        if done:
            if hasattr(module, "load"):
                module.load(ctx)
            ctx.log(f"  {label}: already there")
            continue
        with transaction.atomic():
            module.build(ctx)
            DemoStep.objects.get_or_create(network=ctx.network, step=label)
        ctx.log(f"  {label}: built")
    return ctx
