from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.services import CaseConflict

pytestmark = pytest.mark.django_db


def _details(case, **changes) -> dict[str, str]:
    data = {
        "version": str(case.version),
        "person_name": case.person_name,
        "person_description": case.person_description,
        "date_of_birth": "",
        "age_group": case.age_group,
        "gender": case.gender,
        "nationality": case.nationality,
        "immediate_danger": case.immediate_danger,
        "consent_to_nrm": case.consent_to_nrm,
        "care_and_support_needs": case.care_and_support_needs,
        "others_at_risk": case.others_at_risk,
        "under_18_during_exploitation": case.under_18_during_exploitation,
        "nation": case.nation,
    }
    data.update(changes)
    return data


def test_a_change_made_on_a_stale_version_is_refused(lee, lee2, case) -> None:
    seen = case.version
    services.case_update(case=case, values={"nationality": "Moldovan"}, version=seen, by=lee)
    with pytest.raises(CaseConflict) as caught:
        services.case_update(case=case, values={"nationality": "Bulgarian"}, version=seen, by=lee2)
    assert caught.value.current.nationality == "Moldovan"
    case.refresh_from_db()
    assert case.nationality == "Moldovan"


def test_the_second_lead_sees_a_conflict_with_the_other_change_and_keeps_their_typing(
    as_user, lee, lee2, case
) -> None:
    url = reverse("cases:edit", kwargs={"pk": case.pk})
    first, second = as_user(lee), as_user(lee2)
    form_for_lee = _details(case, nationality="Moldovan")
    form_for_kim = _details(case, nationality="Bulgarian", person_name="Dana P.")
    assert first.post(url, form_for_lee).status_code == 302
    response = second.post(url, form_for_kim)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this case while you were editing it" in page
    assert "Lee Morgan changed this case" in page
    assert "Moldovan" in page  # their change, shown next to...
    assert 'value="Bulgarian"' in page  # ...what Kim typed, still in the form
    assert 'value="Dana P."' in page
    case.refresh_from_db()
    assert case.nationality == "Moldovan"
    assert f'name="version" value="{case.version}"' in page


def test_saving_again_after_seeing_the_conflict_keeps_the_second_change(
    as_user, lee, lee2, case
) -> None:
    url = reverse("cases:edit", kwargs={"pk": case.pk})
    stale = _details(case, nationality="Bulgarian")
    as_user(lee).post(url, _details(case, nationality="Moldovan"))
    kim = as_user(lee2)
    assert kim.post(url, stale).status_code == 409
    case.refresh_from_db()
    assert kim.post(url, {**stale, "version": str(case.version)}).status_code == 302
    case.refresh_from_db()
    assert case.nationality == "Bulgarian"


def test_a_decision_made_on_a_stale_page_is_a_conflict(as_user, lee, lee2, case) -> None:
    url = reverse("cases:decide", kwargs={"pk": case.pk})
    stale = str(case.version)
    as_user(lee).post(url, {"version": stale, "kind": "closed", "rationale": "No further concerns"})
    response = as_user(lee2).post(
        url, {"version": stale, "kind": "action-taken", "rationale": "Rang the council"}
    )
    assert response.status_code == 409
    assert "Someone else changed this case" in response.content.decode()
    assert case.decisions.count() == 1


def test_an_assignment_made_on_a_stale_page_is_a_conflict(as_user, lee, lee2, case) -> None:
    url = reverse("cases:assign", kwargs={"pk": case.pk})
    stale = str(case.version)
    assert as_user(lee).post(url, {"version": stale, "lead": str(lee2.pk)}).status_code == 302
    response = as_user(lee2).post(url, {"version": stale, "lead": str(lee.pk)})
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.assigned_lead == lee2
