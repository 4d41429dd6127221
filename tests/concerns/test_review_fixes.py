import pytest

from concerns import services
from concerns.models import Draft
from tests.concerns.helpers import make_concern


@pytest.mark.django_db
def test_an_autosave_from_a_stale_page_never_puts_back_older_answers(priya) -> None:
    draft = services.draft_start(by=priya)
    stale = Draft.objects.get(pk=draft.pk)
    # The page save (Continue) lands first, with the signs ticked...
    services.draft_save_page(
        draft=draft,
        page="signs",
        answers={"something_else": "x", "signs_demo": ["a"]},
        complete=True,
    )
    # ...then the blur autosave that left the page a moment earlier, holding the old copy.
    services.draft_autosave(draft=stale, page="signs", values={"something_else": "x"})
    answers = Draft.objects.get(pk=draft.pk).answers
    assert answers["signs_demo"] == ["a"]
    assert answers["something_else"] == "x"


@pytest.mark.django_db
def test_the_sent_page_warns_when_no_other_lead_was_told(as_user, lee) -> None:
    concern = make_concern(lee)
    body = as_user(lee).get(f"/concerns/{concern.pk}/sent/").content.decode()
    assert 'id="no-lead-told"' in body
    assert "Your safeguarding lead has been told" not in body


@pytest.mark.django_db
def test_the_sent_page_says_the_lead_was_told_when_one_was(as_user, priya, lee) -> None:
    concern = make_concern(priya)
    body = as_user(priya).get(f"/concerns/{concern.pk}/sent/").content.decode()
    assert "Your safeguarding lead has been told" in body
    assert 'id="no-lead-told"' not in body


@pytest.mark.django_db
def test_unchecked_answers_from_a_page_left_with_an_error_are_not_sent(priya) -> None:
    concern = make_concern(priya, nationality="x" * 500, gender="made-up-value")
    assert concern.nationality == ""
    assert concern.gender == ""


@pytest.mark.django_db
def test_adding_information_twice_with_the_same_form_adds_it_once(as_user, priya) -> None:
    from concerns.models import FollowUp

    concern = make_concern(priya)
    client = as_user(priya)
    form = client.get(f"/concerns/{concern.pk}/add-information/").content.decode()
    token = form.split('name="token" value="')[1].split('"')[0]
    for _ in range(2):
        client.post(
            f"/concerns/{concern.pk}/add-information/", {"token": token, "text": "He came back."}
        )
    assert FollowUp.objects.filter(concern=concern).count() == 1
