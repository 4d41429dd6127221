"""Issue 19: an admin says where the organisation's staff mostly meet people; those signs come
first on the concern's signs page. A setting, never a guess from the organisation's name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organisation, Setting
from audit.models import AuditEvent
from concerns import journey
from guidance.catalogue import SETTINGS

URL = reverse("accounts:signs-setting")


def test_the_choices_are_the_catalogues_settings() -> None:
    assert tuple(Setting.values) == SETTINGS


def test_an_admin_chooses_where_staff_meet_people_and_it_is_audited(as_user, ada) -> None:
    client = as_user(ada)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Where do your staff mostly meet the people they help?" in page.text
    response = client.post(URL, {"signs_setting": "health"})
    assert response.status_code == 302
    ada.organisation.refresh_from_db()
    assert ada.organisation.signs_setting == "health"
    event = AuditEvent.objects.get(kind="organisation-signs-setting-changed")
    assert event.detail == {"from": "school", "to": "health"}
    assert journey.setting_of(ada.organisation) == "health"


def test_no_setting_means_the_usual_order_not_a_guess_from_the_name(as_user, ada) -> None:
    as_user(ada).post(URL, {"signs_setting": ""})
    ada.organisation.refresh_from_db()
    assert ada.organisation.name == "Northgate School"
    assert journey.setting_of(ada.organisation) is None


def test_a_made_up_setting_is_an_error(as_user, ada) -> None:
    response = as_user(ada).post(URL, {"signs_setting": "beach"})
    assert response.status_code == 400
    assert Organisation.objects.get(pk=ada.organisation_id).signs_setting == "school"


@pytest.mark.parametrize("person", ["priya", "lee", "ana"])
def test_only_admins_reach_the_page(as_user, cast, person: str) -> None:
    assert as_user(cast.people[person]).get(URL).status_code == 403
