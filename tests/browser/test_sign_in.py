import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Organisation, RoleGrant, User
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_lead_signs_in_with_a_backup_code_using_the_keyboard(
    page: Page, live_server, live_cast
) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/sign-in/?next=/")
    assert_accessible(page, "sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Email address").focus()
    page.keyboard.type("lee@northgate.example")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong password here")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    assert_accessible(page, "sign-in error summary")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert_accessible(page, "security code")
    page.get_by_label("Security code").fill(live_cast.backup_codes["lee"])
    page.get_by_label("Security code").press("Enter")
    expect(page.get_by_role("heading", name="Signpost", exact=True)).to_be_visible()
    assert_accessible(page, "home")


def test_a_new_admin_enrols_an_authenticator_app(page: Page, live_server, live_cast) -> None:
    org = Organisation.objects.get(name="Northgate School")
    admin = User.objects.create_user(
        email="new.admin@northgate.example",
        password=PASSWORD,
        full_name="New Admin",
        organisation=org,
    )
    RoleGrant.objects.create(user=admin, role="admin")
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page, "MFA set-up")
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    assert_accessible(page, "MFA set-up error")
    device = TOTPDevice.objects.get(user=admin)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Save your backup codes")).to_be_visible()
    assert page.locator("#backup-codes li").count() == 10
    assert_accessible(page, "backup codes")
    page.get_by_role("button", name="I have saved my codes").click()
    expect(page.get_by_role("link", name="Manage people and roles")).to_be_visible()
