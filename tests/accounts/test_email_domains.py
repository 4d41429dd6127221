"""Issue 17: new accounts only at the organisation's own e-mail domains, and one answer whatever
accounts exist in other organisations."""

import re

import pytest

from accounts import services
from accounts.models import User
from audit.models import AuditEvent
from tests.conftest import PASSWORD

ADD = "/people/add/"
DOMAINS = "/people/email-domains/"


def add(client, email: str, role: str = "lead"):
    return client.post(ADD, {"full_name": "Sam Jones", "email": email, "roles": [role]})


def errors_of(response) -> str:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", summary.group(1)) if summary else ""


@pytest.mark.django_db
def test_an_admin_cannot_add_a_lead_with_an_outside_address(as_user, ada) -> None:
    response = add(as_user(ada), "sam@gmail.example")
    assert response.status_code == 400
    assert "Enter an email address ending in @northgate.example" in errors_of(response)
    assert 'value="sam@gmail.example"' in response.content.decode()
    assert not User.objects.filter(email="sam@gmail.example").exists()
    assert add(as_user(ada), "sam@northgate.example").status_code == 302


@pytest.mark.django_db
def test_an_address_in_another_organisation_gets_the_same_answer_as_one_nobody_has(
    as_user, ada, omar
) -> None:
    client = as_user(ada)
    taken = add(client, omar.email)
    free = add(client, "nobody.here@riverside.example")
    assert taken.status_code == free.status_code == 400
    assert errors_of(taken) == errors_of(free) != ""
    assert "account" not in errors_of(taken)


@pytest.mark.django_db
def test_on_a_shared_domain_an_account_elsewhere_answers_as_one_of_our_own(
    as_user, ada, priya, northgate, riverside, make_person
) -> None:
    # Two organisations may share a domain (nhs.net): the answer must not say which one has it.
    northgate.email_domains = ["northgate.example", "shared.example"]
    northgate.save()
    make_person(riverside, "lead", email="kim@shared.example")
    client = as_user(ada)
    elsewhere = add(client, "kim@shared.example")
    ours = add(client, priya.email)
    assert elsewhere.status_code == ours.status_code == 400
    assert errors_of(elsewhere) == errors_of(ours)
    assert "riverside" not in elsewhere.content.decode().lower()


@pytest.mark.django_db
def test_with_no_domains_set_nobody_can_be_added(as_user, ada, northgate) -> None:
    northgate.email_domains = []
    northgate.save()
    response = add(as_user(ada), "sam@northgate.example")
    assert response.status_code == 400
    assert "Your organisation has no email domains set" in errors_of(response)
    with pytest.raises(ValueError):
        services.person_create(
            organisation=northgate,
            email="sam@northgate.example",
            full_name="Sam Jones",
            roles=["practitioner"],
            by=ada,
        )


@pytest.mark.django_db
def test_the_service_refuses_an_outside_address_whoever_calls_it(ada, northgate) -> None:
    with pytest.raises(ValueError):
        services.person_create(
            organisation=northgate,
            email="sam@gmail.example",
            full_name="Sam Jones",
            roles=["lead"],
            by=ada,
        )
    assert not User.objects.filter(email="sam@gmail.example").exists()


@pytest.mark.django_db
def test_an_admin_sets_the_domains_after_entering_their_password(as_user, ada, northgate) -> None:
    client = as_user(ada)
    page = client.get(DOMAINS)
    assert page.status_code == 200 and b"northgate.example" in page.content
    no_password = client.post(DOMAINS, {"domains": "northgate.example"})
    assert no_password.status_code == 400
    assert "Enter your password to confirm" in errors_of(no_password)
    bad = client.post(
        DOMAINS, {"domains": "northgate.example\nnot a domain", "confirm_password": PASSWORD}
    )
    assert bad.status_code == 400
    assert "is not a domain" in errors_of(bad)
    assert "not a domain</textarea>" in bad.content.decode()
    done = client.post(
        DOMAINS,
        {
            "domains": " Northgate.example\n@NEW.example\n\nnorthgate.example",
            "confirm_password": PASSWORD,
        },
    )
    assert done.status_code == 302
    northgate.refresh_from_db()
    assert northgate.email_domains == ["northgate.example", "new.example"]
    event = AuditEvent.objects.get(kind="organisation-email-domains-changed")
    assert event.actor == ada and event.detail == {"added": ["new.example"], "removed": []}
    assert add(client, "sam@new.example").status_code == 302


@pytest.mark.django_db
def test_only_admins_set_the_domains(as_user, lee) -> None:
    assert as_user(lee).get(DOMAINS).status_code == 403


@pytest.mark.django_db
def test_the_demo_organisations_have_their_domains(northgate, riverside) -> None:
    assert northgate.email_domains == ["northgate.example"]
    assert riverside.email_domains == ["riverside.example"]
