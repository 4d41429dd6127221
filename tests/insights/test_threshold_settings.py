"""An admin sets the organisation's smallest count to show (insights:settings): step-up password,
bounds with GOV.UK messages, the value typed kept on an error, audited, and it takes effect on
the analyst's page and the export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from insights.models import OrganisationInsightSettings
from insights.services import insight_threshold_set
from tests.cases.factories import make_concern
from tests.conftest import PASSWORD

SETTINGS = reverse("insights:settings")
PAGE = reverse("insights:organisation")


def threshold_of(user) -> int | None:
    row = OrganisationInsightSettings.objects.filter(organisation=user.organisation).first()
    return row.suppression_threshold if row else None


def test_an_admin_sees_the_usual_number_first(ada, as_user) -> None:
    response = as_user(ada).get(SETTINGS)
    assert response.status_code == 200
    text = response.content.decode()
    assert "smallest count to show is <strong>5</strong> (the usual number)" in text
    assert 'name="threshold" type="text" value="5"' in text


def test_an_admin_changes_it_with_their_password_and_it_is_audited(ada, as_user) -> None:
    client = as_user(ada)
    response = client.post(SETTINGS, {"threshold": "10", "confirm_password": PASSWORD})
    assert response.status_code == 302
    assert threshold_of(ada) == 10
    event = AuditEvent.objects.get(kind="insight-threshold-changed")
    assert event.detail == {"from": 5, "to": 10}
    assert event.actor_id == ada.pk
    page = client.get(SETTINGS).content.decode()
    assert "Smallest count to show saved" in page
    assert "(the usual number is 5)" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the smallest count to show"),
        ("five", "The smallest count to show must be a whole number, like 5"),
        ("1", "The smallest count to show must be 2 or more"),
        ("51", "The smallest count to show must be 50 or fewer"),
    ],
)
def test_a_number_outside_2_to_50_gets_a_clear_error_and_is_kept(
    ada, as_user, typed, message
) -> None:
    response = as_user(ada).post(SETTINGS, {"threshold": typed, "confirm_password": PASSWORD})
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text
    assert f'name="threshold" type="text" value="{typed}"' in text
    assert threshold_of(ada) is None
    assert not AuditEvent.objects.filter(kind="insight-threshold-changed").exists()


def test_a_wrong_password_changes_nothing_and_keeps_the_number(ada, as_user) -> None:
    response = as_user(ada).post(SETTINGS, {"threshold": "12", "confirm_password": "wrong one"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "The password you entered is not correct" in text
    assert 'name="threshold" type="text" value="12"' in text
    assert threshold_of(ada) is None


@pytest.mark.parametrize("who", ["priya", "lee", "ana"])
def test_only_admins_reach_it(request, as_user, who) -> None:
    person = request.getfixturevalue(who)
    client = as_user(person)
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, {"threshold": "2", "confirm_password": PASSWORD}).status_code == (
        403
    )
    assert threshold_of(person) is None


def test_the_same_number_again_records_nothing(ada) -> None:
    assert insight_threshold_set(organisation=ada.organisation, threshold=5, by=ada) is False
    assert not AuditEvent.objects.filter(kind="insight-threshold-changed").exists()
    with pytest.raises(ValueError):
        insight_threshold_set(organisation=ada.organisation, threshold=1, by=ada)


@pytest.mark.usefixtures("exact_figures")
def test_a_higher_number_suppresses_more_on_the_analysts_page(ada, ana, priya, as_user) -> None:
    for _ in range(7):
        make_concern(priya)  # seven adult women
    before = as_user(ana).get(PAGE).content.decode()
    age = before[before.index('id="age"') : before.index('id="gender"')]
    assert ">7<" in age
    as_user(ada).post(SETTINGS, {"threshold": "8", "confirm_password": PASSWORD})
    after = as_user(ana).get(PAGE).content.decode()
    # Every count is now below 8: the page says so instead of a page of "suppressed".
    assert 'id="age"' not in after
    assert ">7<" not in after
    assert "Too few to show for these months" in after
    assert "is below 8, so none of them is shown" in after
    assert "Counts from 1 to 7 are shown as" in after


def test_the_error_page_title_starts_with_error_once(ada, as_user) -> None:
    text = as_user(ada).post(SETTINGS, {"threshold": "1"}).content.decode()
    title = text[text.index("<title>") : text.index("</title>")]
    assert title.startswith("<title>Error: Small numbers in your figures")
    assert title.count("Error:") == 1


def test_saving_the_same_number_says_nothing_changed(ada, as_user) -> None:
    client = as_user(ada)
    client.post(SETTINGS, {"threshold": "5", "confirm_password": PASSWORD})
    page = client.get(SETTINGS).content.decode()
    assert "Nothing changed: the smallest count to show is the same" in page
    assert "govuk-notification-banner--success" not in page
