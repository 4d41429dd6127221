import re

import pytest
from django.core import mail

from accounts.models import User
from audit.models import AuditEvent
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_an_admin_adds_a_person_who_gets_a_link_and_no_personal_data_by_email(
    as_user, ada, django_capture_on_commit_callbacks
) -> None:
    client = as_user(ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/people/add/",
            {
                "full_name": "Sam Jones",
                "email": "Sam@Northgate.example",
                "roles": ["practitioner", "analyst"],
            },
        )
    assert response.status_code == 302
    sam = User.objects.get(email="sam@northgate.example")
    assert sam.organisation == ada.organisation
    assert sam.role_set() == {"practitioner", "analyst"}
    assert not sam.has_usable_password()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Sam" not in body and "Northgate" not in body
    assert re.search(r"/account/password-reset/[^/]+/[^/]+/", body)


@pytest.mark.django_db
def test_adding_a_person_without_roles_shows_an_error_and_keeps_the_answers(as_user, ada) -> None:
    response = as_user(ada).post(
        "/people/add/", {"full_name": "Sam Jones", "email": "sam@northgate.example"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Select at least one role" in body
    assert 'value="Sam Jones"' in body


@pytest.mark.django_db
def test_fields_the_form_does_not_own_are_ignored(as_user, ada, riverside) -> None:
    as_user(ada).post(
        "/people/add/",
        {
            "full_name": "Sam Jones",
            "email": "sam@northgate.example",
            "roles": ["practitioner"],
            "organisation": str(riverside.pk),
            "is_active": "false",
        },
    )
    sam = User.objects.get(email="sam@northgate.example")
    assert sam.organisation == ada.organisation


@pytest.mark.django_db
def test_changing_roles_needs_the_admins_password_and_is_audited(as_user, ada, priya) -> None:
    client = as_user(ada)
    url = f"/people/{priya.pk}/roles/"
    refused = client.post(url, {"roles": ["lead"], "confirm_password": "not-my-password"})
    assert refused.status_code == 400
    assert User.objects.get(pk=priya.pk).role_set() == {"practitioner"}
    client.post(url, {"roles": ["lead", "practitioner"], "confirm_password": PASSWORD})
    assert User.objects.get(pk=priya.pk).role_set() == {"lead", "practitioner"}
    event = AuditEvent.objects.get(kind="roles-changed")
    assert event.detail == {"added": ["lead"], "removed": []}
    assert event.actor_id == ada.pk


@pytest.mark.django_db
def test_an_admin_of_another_organisation_gets_404_for_our_people(
    as_user, make_person, riverside, priya
) -> None:
    outsider = make_person(riverside, "admin")
    assert as_user(outsider).get(f"/people/{priya.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_lead_cannot_manage_people(as_user, lee) -> None:
    assert as_user(lee).get("/people/").status_code == 403


@pytest.mark.django_db
def test_an_admin_resets_mfa_and_deactivates_a_person(as_user, ada, lee) -> None:
    client = as_user(ada)
    client.post(f"/people/{lee.pk}/reset-mfa/", {"confirm_password": PASSWORD})
    assert not lee.staticdevice_set.exists()
    client.post(f"/people/{lee.pk}/access/", {"confirm_password": PASSWORD})
    lee.refresh_from_db()
    assert not lee.is_active
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"mfa-reset", "person-deactivated"} <= kinds


@pytest.mark.django_db
def test_an_admin_cannot_deactivate_themselves(as_user, ada) -> None:
    response = as_user(ada).post(f"/people/{ada.pk}/access/", {"confirm_password": PASSWORD})
    assert response.status_code == 400
    ada.refresh_from_db()
    assert ada.is_active


@pytest.mark.django_db
def test_an_admin_cannot_change_their_own_roles(as_user, ada) -> None:
    response = as_user(ada).post(
        f"/people/{ada.pk}/roles/", {"roles": ["admin", "lead"], "confirm_password": PASSWORD}
    )
    assert response.status_code == 400
    assert b"You cannot change your own roles" in response.content
    assert User.objects.get(pk=ada.pk).role_set() == {"admin"}
