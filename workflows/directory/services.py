"""Loading the directory's reference data (regions, bodies) from fixtures/directory/*.json."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Region, StateBody

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "directory"


def _read(name, path=None):
    with open(path or FIXTURES / name, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_directory(*, regions_path=None, bodies_path=None):
    """Upsert regions by KATO code and bodies by code; returns (created, updated) counts.

    Idempotent: running it twice changes nothing the second time.
    """
    created = updated = 0
    for item in _read("regions.json", regions_path):
        _, was_created = Region.objects.update_or_create(kato_code=item["kato_code"], defaults=item)
        created, updated = created + was_created, updated + (not was_created)
    regions = {region.kato_code: region for region in Region.objects.all()}
    for item in _read("state_bodies.json", bodies_path):
        values = {key: value for key, value in item.items() if key not in {"code", "region_kato"}}
        kato = item.get("region_kato")
        if kato and kato not in regions:
            raise ValueError(f"Body {item['code']!r} names region {kato!r}, which is not in regions.json")
        values["region"] = regions.get(kato) if kato else None
        _, was_created = StateBody.objects.update_or_create(code=item["code"], defaults=values)
        created, updated = created + was_created, updated + (not was_created)
    return created, updated
