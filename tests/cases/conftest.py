from __future__ import annotations

import pytest

from accounts.models import Organisation, User
from cases.models import Case
from concerns.models import Concern
from tests.cases.factories import make_concern, open_case


@pytest.fixture
def concern(priya: User) -> Concern:
    return make_concern(priya)


@pytest.fixture
def case(lee: User, priya: User) -> Case:
    return open_case(lee, priya)


@pytest.fixture
def lee2(make_person, northgate: Organisation) -> User:
    """A second safeguarding lead at Northgate School."""
    return make_person(northgate, "lead", full_name="Kim Adeyemi")
