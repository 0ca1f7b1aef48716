"""Operators shared by the appeals tests (a test module may define its own under the same name)."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def operator():
    return UserFactory(username="aigul", roles=["Operator"])


@pytest.fixture
def other_operator():
    return UserFactory(username="bolat", roles=["Operator"])


@pytest.fixture
def supervisor():
    return UserFactory(username="senior", roles=["Senior operator"])
