"""The issue 17 pages in a real browser: axe-clean and usable by keyboard."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Organisation, User
from tests.browser.conftest import assert_accessible, sign_in_as, tab_to
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_lead_replaces_their_app_with_password_and_current_code_by_keyboard(
    page: Page, context, live_server, live_cast
) -> None:
    lee = live_cast.people["lee"]
    old_app = TOTPDevice.objects.create(user=lee, name="Authenticator app", confirmed=True)
    sign_in_as(context, live_server.url, lee)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Replace authenticator app").click()
    expect(page.get_by_role("heading", name="Replace your authenticator app")).to_be_visible()
    assert_accessible(page, "confirm before replacing the app")
    tab_to(page, page.get_by_label("Your password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a security code from your app or a backup code"
    )
    assert_accessible(page, "confirm error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Security code").fill(code_of(old_app))
    page.get_by_label("Security code").press("Enter")
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    new_app = TOTPDevice.objects.get(user=lee, confirmed=False)
    page.get_by_label("Security code").fill(code_of(new_app))
    page.get_by_label("Security code").press("Enter")
    expect(page.get_by_role("heading", name="Save your backup codes")).to_be_visible()
    assert list(TOTPDevice.objects.filter(user=lee).values_list("pk", flat=True)) == [new_app.pk]


def test_new_backup_codes_page_asks_for_password_and_code(
    page: Page, context, live_server, live_cast
) -> None:
    lee = live_cast.people["lee"]
    sign_in_as(context, live_server.url, lee)
    page.goto(live_server.url + "/account/backup-codes/")
    assert_accessible(page, "backup codes confirm")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Security code").fill(live_cast.backup_codes["lee"])
    page.get_by_role("button", name="Get new codes").click()
    expect(page.get_by_role("heading", name="Save your backup codes")).to_be_visible()


def test_an_admin_sets_email_domains_by_keyboard(
    page: Page, context, live_server, live_cast
) -> None:
    sign_in_as(context, live_server.url, live_cast.people["ada"])
    page.goto(live_server.url + "/people/")
    expect(page.get_by_text("@northgate.example", exact=True)).to_be_visible()
    assert_accessible(page, "people with domains")
    link = page.get_by_role("link", name="Change email domains")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Your organisation\u2019s email domains")
    ).to_be_visible()
    assert_accessible(page, "email domains")
    page.get_by_label("Email domains").fill("northgate.example\nnot a domain")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save domains").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("is not a domain")
    assert_accessible(page, "email domains error")
    page.get_by_label("Email domains").fill("northgate.example\nnorthgate.sch.example")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save domains").click()
    expect(page.get_by_text("Email domains saved.")).to_be_visible()
    org = Organisation.objects.get(name="Northgate School")
    assert org.email_domains == ["northgate.example", "northgate.sch.example"]
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Full name").fill("Sam Jones")
    page.get_by_label("Work email address").fill("sam@gmail.example")
    page.get_by_label("Practitioner").check()
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address ending in @northgate.example or @northgate.sch.example"
    )
    assert_accessible(page, "add person outside domain")
    assert not User.objects.filter(email="sam@gmail.example").exists()


def test_five_wrong_confirmation_passwords_sign_the_admin_out_with_a_message(
    page: Page, context, live_server, live_cast
) -> None:
    ada = live_cast.people["ada"]
    lee = live_cast.people["lee"]
    sign_in_as(context, live_server.url, ada)
    page.goto(f"{live_server.url}/people/{lee.pk}/reset-mfa/")
    for _ in range(5):
        page.get_by_label("Your password").fill("not my password at all")
        page.get_by_label("Your password").press("Enter")
    expect(page.get_by_role("heading", name="Sign in to Signpost")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "password was entered wrongly too many times"
    )
    assert_accessible(page, "signed out after confirmation failures")
