from __future__ import annotations

import pytest

from accounts.models import User
from cases.models import Case
from tests.cases.factories import open_case
from tests.privacy.helpers import support_person


@pytest.fixture
def case(lee: User, priya: User) -> Case:
    return open_case(lee, priya)


@pytest.fixture
def sam(db: None) -> User:
    """A member of the Signpost support team."""
    return support_person(full_name="Sam Support")
