import pytest
from django.core import mail

from audit.models import AuditEvent
from notices.models import Notice
from notices.services import notify


@pytest.mark.django_db
def test_notify_creates_a_notice_and_emails_a_link_without_personal_data(
    lee, priya, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[lee],
            kind="assigned",
            path="/cases/abc/",
            text="A case has been assigned to you",
        )
    assert Notice.objects.filter(recipient=lee, kind="assigned").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [lee.email]
    assert "/cases/abc/" in mail.outbox[0].body
    assert "Lee" not in mail.outbox[0].body


@pytest.mark.django_db
def test_deactivated_people_get_no_notices(lee, ada) -> None:
    from accounts.services import person_deactivate

    person_deactivate(person=lee, by=ada)
    lee.refresh_from_db()
    notify(recipients=[lee], kind="assigned", path="/", text="A case has been assigned to you")
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_opening_a_notice_marks_it_read_audits_and_follows_its_link(as_user, lee) -> None:
    notice = notify(recipients=[lee], kind="assigned", path="/account/", text="Something for you")[
        0
    ]
    client = as_user(lee)
    assert b"Something for you" in client.get("/notices/").content
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response["Location"] == "/account/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert AuditEvent.objects.filter(kind="notice-opened", target_id=str(notice.pk)).exists()


@pytest.mark.django_db
def test_someone_elses_notice_is_a_404(as_user, lee, priya) -> None:
    notice = notify(recipients=[lee], kind="assigned", path="/", text="For Lee only")[0]
    assert as_user(priya).post(f"/notices/{notice.pk}/open/").status_code == 404


@pytest.mark.django_db
def test_a_notice_never_redirects_off_site(as_user, lee) -> None:
    notice = notify(recipients=[lee], kind="x", path="https://evil.example/", text="Look")[0]
    assert as_user(lee).post(f"/notices/{notice.pk}/open/")["Location"] == "/notices/"


@pytest.mark.django_db
def test_the_menu_shows_the_unread_count(as_user, lee) -> None:
    notify(recipients=[lee], kind="x", path="/", text="One")
    notify(recipients=[lee], kind="x", path="/", text="Two")
    body = as_user(lee).get("/").content.decode()
    assert '2<span class="govuk-visually-hidden"> unread</span>' in body
