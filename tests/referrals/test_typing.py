"""Issue 14, item 4: the typing benchmark's walk, as a test. For the demo NRM referral from a
well-recorded concern the lead types at most 14 of the form's 141 answers, and never one the
record already holds."""

from __future__ import annotations

import pytest

from bench.typing_bench import TARGET, walk
from referrals import services
from referrals.demo import load_demo_cases
from referrals.models import Referral
from referrals.official.sheet_input import derived_fields

pytestmark = pytest.mark.django_db


def test_the_demo_nrm_referral_needs_at_most_14_typed_answers(cast, as_user) -> None:
    refs = load_demo_cases(cast)["consenting-adult"]
    referral = Referral.objects.get(reference=refs["referral"])
    held = derived_fields(referral)
    count = walk(referral, as_user(cast.people["omar"]))
    referral.refresh_from_db()
    assert services.sheet_of(referral).complete
    assert len(count.typed) <= TARGET == 14, count.typed
    assert not set(count.typed) & held
    # The screening's suggestion was confirmed by the lead, not ticked by the record.
    assert count.confirmed == ["types-of-exploitation-forced-to-work"]
