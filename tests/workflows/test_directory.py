"""The directory of participants (para 18): real regions and bodies, loaded idempotently."""

import json

import pytest

from workflows.directory.models import Region, StateBody
from workflows.directory.services import load_directory

pytestmark = pytest.mark.django_db


def test_seventeen_regions_and_three_cities_with_kato_codes():
    load_directory()
    assert Region.objects.filter(kind=Region.Kind.REGION).count() == 17
    cities = Region.objects.filter(kind=Region.Kind.CITY)
    assert set(cities.values_list("name_en", flat=True)) == {"Astana City", "Almaty City", "Shymkent City"}
    for region in Region.objects.all():
        assert len(region.kato_code) == 9 and region.kato_code.isdigit()
        assert region.name_kk and region.name_ru and region.name_en
    assert Region.objects.get(kato_code="710000000").name_ru.endswith("Астана")


def test_every_kind_of_participant_is_present():
    load_directory()
    kinds = set(StateBody.objects.values_list("kind", flat=True))
    for kind in (
        StateBody.Kind.UCC,
        StateBody.Kind.INFORMATIZATION_AUTHORITY,
        StateBody.Kind.QUALITY_AUTHORITY,
        StateBody.Kind.CENTRAL_BODY,
        StateBody.Kind.LOCAL_EXECUTIVE_BODY,
        StateBody.Kind.ICI_OPERATOR,
    ):
        assert kind in kinds
    ucc = StateBody.objects.get(kind=StateBody.Kind.UCC)
    assert ucc.email == "support@goscorp.kz" and "1414" in ucc.phone
    # every region and city has its akimat
    assert StateBody.objects.filter(kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY, region__isnull=False).count() == 20


def test_loading_twice_changes_nothing():
    load_directory()
    regions, bodies = Region.objects.count(), StateBody.objects.count()
    created, _ = load_directory()
    assert created == 0
    assert (Region.objects.count(), StateBody.objects.count()) == (regions, bodies)


def test_a_body_naming_an_unknown_region_is_refused_whole(tmp_path):
    bodies = tmp_path / "bodies.json"
    bodies.write_text(
        json.dumps(
            [
                {"code": "fine", "kind": "central_body", "name_kk": "a", "name_ru": "a", "name_en": "a"},
                {
                    "code": "bad",
                    "kind": "local_executive_body",
                    "name_kk": "b",
                    "name_ru": "b",
                    "name_en": "b",
                    "region_kato": "999999999",
                },
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="999999999"):
        load_directory(bodies_path=bodies)
    assert not StateBody.objects.filter(code="fine").exists()


def test_names_follow_the_active_language():
    from django.utils import translation

    load_directory()
    astana = Region.objects.get(kato_code="710000000")
    with translation.override("en"):
        assert str(astana) == astana.name_en
    with translation.override("kk"):
        assert str(astana) == astana.name_kk
