"""The house of docs/architecture.md: the import contracts of pyproject.toml hold, and each one bites.

`make lint` (and so `make test`) runs `lint-imports` on the code as it is. These tests add the one
thing that run cannot show: that every contract fails on the very import it forbids, so a contract
that a typo made toothless (a misspelt module matches nothing and is silently kept) is caught.
"""

from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from importlinter import api
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract, "acyclic_siblings": AcyclicSiblingsContract}

# One forbidden import per contract: (the start of the contract's name, importer, imported).
VIOLATIONS = [
    # Para 13's rating link: appeals announce, telephony reacts; appeals calling telephony runs upward.
    ("Layers", "workflows.appeals.services", "workflows.telephony.services"),
    ("Layers", "cms.knowledge.models", "cms.home.models"),
    ("Layers", "workflows.accounts.roles", "workflows.directory.models"),
    ("The working-day calendar", "workflows.calendar.clocks", "workflows.directory.models"),
    ("No app imports the wiring layer", "cms.search.views", "ucc_site.urls"),
    ("Models import no services", "workflows.appeals.models", "workflows.appeals.services"),
    ("cms reads workflows only", "cms.search.selectors", "workflows.registry.models"),
    ("cms reads workflows only", "cms.knowledge.moderation", "workflows.accounts.roles"),
    ("No circles", "workflows.calendar.holidays_package", "workflows.calendar.seed"),
]


@pytest.fixture(scope="module")
def configuration():
    return api.read_configuration(str(ROOT / "pyproject.toml"))


@pytest.fixture(scope="module")
def graph(configuration):
    packages = configuration["session_options"]["root_packages"]
    return grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)


def _contract(configuration, name_start):
    (options,) = [c for c in configuration["contracts_options"] if c["name"].startswith(name_start)]
    contract_class = CONTRACT_TYPES[options["type"]]
    return contract_class(
        name=options["name"], session_options=configuration["session_options"], contract_options=options
    )


def test_every_contract_is_kept_by_the_code_as_it_is(configuration, graph):
    broken = [
        options["name"]
        for options in configuration["contracts_options"]
        if not _contract(configuration, options["name"]).check(deepcopy(graph), verbose=False).kept
    ]
    assert broken == []


def test_every_contract_is_exercised_below(configuration):
    named = {name for name, _importer, _imported in VIOLATIONS}
    assert all(any(c["name"].startswith(n) for n in named) for c in configuration["contracts_options"])


@pytest.mark.parametrize(("name_start", "importer", "imported"), VIOLATIONS)
def test_a_contract_fails_on_the_import_it_forbids(configuration, graph, name_start, importer, imported):
    assert graph.find_modules_directly_imported_by(importer) is not None  # both modules exist
    assert imported in graph.modules
    broken_graph = deepcopy(graph)
    broken_graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")

    check = _contract(configuration, name_start).check(broken_graph, verbose=False)

    assert not check.kept
