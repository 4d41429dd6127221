"""Signing in through the organisation's own provider, in a real browser, against a real
OpenID Connect provider running locally (tests/oidc_provider.py; issue 20)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from accounts import oidc
from accounts.models import IdentityProvider, Organisation
from accounts.sealing import unseal
from audit.models import AuditEvent
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.conftest import PASSWORD
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, run_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def idp() -> Iterator[Provider]:
    oidc.forget_cache()
    with run_provider() as provider:
        yield provider
    oidc.forget_cache()


def verified(email: str, **extra: object) -> dict[str, object]:
    return {"email": email, "email_verified": True, **extra}


def start_at_signpost(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Work email address").fill(email)
    page.get_by_role("button", name="Continue to your organisation").click()


def sign_in_at_provider(page: Page, provider: Provider, sub: str) -> None:
    page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(kind="sso.refused")
        .order_by("id")
        .values_list("detail__why", flat=True)
    )


def test_a_lead_signs_in_through_their_provider_gives_a_code_and_reaches_their_queue(
    page: Page, live_server, live_cast, idp: Provider
) -> None:
    northgate = live_cast.orgs["northgate"]
    idp.connect(northgate)
    idp.add_person("lee-at-northgate", **verified("lee@northgate.example", amr=["pwd"]))
    page.goto(live_server.url + "/cases/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/cases/")
    assert_accessible(page, "sign-in with the organisation route")
    # By keyboard: Tab to the work address, type it, Enter.
    tab_to(page, page.get_by_label("Work email address"))
    page.keyboard.type("lee@northgate.example")
    page.keyboard.press("Enter")
    sign_in_at_provider(page, idp, "lee-at-northgate")
    # The provider did not assert a second factor: Signpost asks for its own.
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(live_cast.backup_codes["lee"])
    page.get_by_label("Security code").press("Enter")
    expect(page.get_by_role("heading", name="New concerns", exact=True)).to_be_visible()
    assert AuditEvent.objects.filter(kind="sso.signed-in").count() == 1


def test_a_lead_whose_provider_asserted_mfa_goes_straight_to_their_queue_and_signs_out(
    page: Page, live_server, live_cast, idp: Provider
) -> None:
    idp.connect(live_cast.orgs["northgate"])
    idp.add_person("lee-at-northgate", **verified("lee@northgate.example", amr=["pwd", "mfa"]))
    start_at_signpost(page, live_server.url + "/sign-in/?next=/cases/", "lee@northgate.example")
    sign_in_at_provider(page, idp, "lee-at-northgate")
    expect(page.get_by_role("heading", name="New concerns", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out of Signpost")).to_be_visible()
    assert_accessible(page, "signed out, with the provider's sign-out")
    link = page.get_by_role("link", name="Sign out of your organisation")
    assert link.get_attribute("href").startswith(f"{idp.url}/oauth2/end_session?client_id=")
    page.goto(live_server.url + "/cases/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/cases/")


def test_another_organisations_provider_is_refused_for_this_organisations_people(
    page: Page, live_server, live_cast
) -> None:
    oidc.forget_cache()
    with run_provider() as riverside_idp:
        riverside_idp.connect(live_cast.orgs["riverside"])
        # Riverside's provider vouches for a Northgate address.
        riverside_idp.add_person("lee-elsewhere", **verified("lee@northgate.example"))
        start_at_signpost(page, live_server.url + "/sign-in/", "omar@riverside.example")
        sign_in_at_provider(page, riverside_idp, "lee-elsewhere")
        expect(page.get_by_role("heading", name="You have not been signed in")).to_be_visible()
        expect(
            page.get_by_text("There is no Signpost account for you at Riverside")
        ).to_be_visible()
        assert_accessible(page, "sign-in refused")
    page.goto(live_server.url + "/cases/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/cases/")
    assert refusals() == ["unknown-person"]


def test_a_tampered_token_is_refused(page: Page, live_server, live_cast, idp: Provider) -> None:
    idp.connect(live_cast.orgs["northgate"])
    idp.add_person("priya-at-northgate", **verified("priya@northgate.example"))
    # Someone between the provider and Signpost makes Priya's token say she is Lee.
    idp.tamper = {"email": "lee@northgate.example", "amr": ["mfa"]}
    start_at_signpost(page, live_server.url + "/sign-in/", "priya@northgate.example")
    sign_in_at_provider(page, idp, "priya-at-northgate")
    expect(page.get_by_text("could not be trusted")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/")
    assert refusals() == ["token-invalid"]


def test_an_expired_token_is_refused(page: Page, live_server, live_cast) -> None:
    oidc.forget_cache()
    with run_provider(token_lifetime=timedelta(minutes=-10)) as stale:
        stale.connect(live_cast.orgs["northgate"])
        stale.add_person("priya-at-northgate", **verified("priya@northgate.example"))
        start_at_signpost(page, live_server.url + "/sign-in/", "priya@northgate.example")
        sign_in_at_provider(page, stale, "priya-at-northgate")
        expect(page.get_by_text("had expired")).to_be_visible()
    assert refusals() == ["token-expired"]


def test_an_admin_connects_their_provider_with_the_keyboard(
    page: Page, live_server, live_cast, idp: Provider
) -> None:
    ada = live_cast.people["ada"]
    sign_in_as(page.context, live_server.url, ada)
    page.goto(live_server.url + "/people/")
    page.get_by_role("link", name="Change sign-in provider").click()
    expect(page.get_by_role("heading", name="sign-in provider")).to_be_visible()
    assert_accessible(page, "sign-in provider")
    page.get_by_role("button", name="Save sign-in provider").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the issuer address")
    assert_accessible(page, "sign-in provider errors")
    tab_to(page, page.get_by_label("Issuer"))
    page.keyboard.type(idp.issuer)
    page.keyboard.press("Tab")
    page.keyboard.type(CLIENT_ID)
    page.keyboard.press("Tab")
    page.keyboard.type(CLIENT_SECRET)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Your password").press("Enter")
    expect(page.get_by_text("Sign-in provider saved.")).to_be_visible()
    provider = IdentityProvider.objects.get(
        organisation=Organisation.objects.get(name=ada.organisation.name)
    )
    assert provider.issuer == idp.issuer
    assert unseal(provider.client_secret_sealed) == CLIENT_SECRET
    assert CLIENT_SECRET not in provider.client_secret_sealed
    event = AuditEvent.objects.get(kind="sso.provider-changed")
    assert CLIENT_SECRET not in str(event.detail)


def test_an_address_without_a_provider_is_told_what_to_do(
    page: Page, live_server, live_cast, idp: Provider
) -> None:
    idp.connect(live_cast.orgs["northgate"])
    start_at_signpost(page, live_server.url + "/sign-in/", "omar@riverside.example")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "does not sign in to Signpost with its own accounts"
    )
    assert_accessible(page, "organisation route error")
    expect(page.get_by_label("Work email address")).to_have_value("omar@riverside.example")


def test_with_passwords_off_a_reset_says_how_to_sign_in(
    page: Page, live_server, live_cast, idp: Provider
) -> None:
    """Issue 20's leftover: no Signpost password to reset where the organisation signs its
    people in with its own accounts. The request page answers as for anyone; an older reset link
    says how to sign in, and sets no password."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core import mail
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    priya = live_cast.people["priya"]
    uid = urlsafe_base64_encode(force_bytes(priya.pk))
    token = default_token_generator.make_token(priya)
    idp.connect(live_cast.orgs["northgate"], passwords_allowed=False)
    mail.outbox.clear()
    page.goto(f"{live_server.url}/account/password-reset/")
    page.get_by_label("Email address").fill(priya.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_contain_text("Check your email")
    assert mail.outbox and "no Signpost password to reset" in mail.outbox[-1].body
    page.goto(f"{live_server.url}/account/password-reset/{uid}/{token}/")
    expect(page.locator("h1")).to_have_text("Your organisation signs you in")
    assert_accessible(page, "reset link with passwords off")
