"""The demo cases: nrm_export accounts for every field, and the lead completes the sections
without typing anything the case already held."""

import io
import json

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from audit.models import AuditEvent
from cases.models import Share
from referrals.demo import load_demo_cases
from referrals.models import Referral
from referrals.official.form import FIELD_NAMES
from referrals.official.sheet_input import derived_fields
from referrals.sections import RECEIVER_FIELDS
from tests.referrals.helpers import complete_sections

pytestmark = pytest.mark.django_db


def export(reference: str) -> dict:
    out = io.StringIO()
    call_command("nrm_export", reference, stdout=out)
    return json.loads(out.getvalue())


def assert_accounts_for_every_field(data: dict) -> None:
    assert len(FIELD_NAMES) == 141
    names = [*data["answers"], *data["missing"], *data["not_applicable"]]
    assert sorted(names) == sorted(FIELD_NAMES)
    assert len(names) == len(set(names))


def test_seed_creates_the_three_demo_cases_once(cast) -> None:
    first = load_demo_cases(cast)
    second = load_demo_cases(cast)
    assert first == second
    assert Referral.objects.count() == 3
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize(
    ("key", "form", "lead"),
    [
        ("child", "nrm", "lee"),
        ("consenting-adult", "nrm", "omar"),
        ("refusing-adult", "duty-to-notify", "omar"),
    ],
)
def test_a_demo_referral_is_completed_without_retyping_what_the_case_holds(
    cast, as_user, key, form, lead
) -> None:
    refs = load_demo_cases(cast)[key]
    referral = Referral.objects.get(reference=refs["referral"])
    before = export(referral.reference)
    assert before["form"] == form
    assert_accounts_for_every_field(before)
    assert before["missing"]
    held = derived_fields(referral)
    client = as_user(cast.people[lead])
    if key == "child":
        # Choosing Riverside (a first responder on Signpost) shares nothing yet: it receives
        # only what is handed over (tests/referrals/test_handovers.py).
        response = client.post(
            f"/referrals/{referral.pk}/section/first-responder/",
            {"organisation": str(cast.orgs["riverside"].pk), "version": referral.version},
        )
        assert response.status_code == 302
        assert not Share.objects.filter(case=referral.case).exists()
        referral.refresh_from_db()
        held = derived_fields(referral)
    asked = complete_sections(client, referral, prefer={"authorities-cooperation": "no"})
    after = export(referral.reference)
    assert_accounts_for_every_field(after)
    # A handover pack leaves the first responder's own officer to the receiver.
    left = {n for n in RECEIVER_FIELDS if n.startswith("fr-details-")} if key == "child" else set()
    assert set(after["missing"]) == left
    assert after["form"] == form
    referral.refresh_from_db()
    assert not set(asked) & held
    assert not set(referral.answers) & held
    assert AuditEvent.objects.filter(kind="export", target_id=str(referral.pk)).exists()
    if key == "child":
        assert "local-authority-contacted-about-child-local-authority-name" in asked
    if key == "refusing-adult":
        assert not any(n.startswith("pv-name-") for n in after["answers"])


def test_nrm_export_of_an_unknown_reference_exits_2_with_one_line(cast, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("nrm_export", "RF-NONE-NONE")
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
