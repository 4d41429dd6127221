from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from learning import knowledge_check
from learning.models import KnowledgeCheckResult

pytestmark = pytest.mark.django_db
URL = "/learning/knowledge-check/"


def test_the_check_shows_every_question_as_govuk_radios(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:knowledge-check")).content.decode()
    assert page.count('class="govuk-radios__input"') == sum(
        len(q.choices()) for q in knowledge_check.QUESTIONS
    )
    assert "You need 8 right to pass" in page


def test_submitting_nothing_shows_a_govuk_error_for_each_question(priya, as_user) -> None:
    response = as_user(priya).post(URL, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Knowledge check" in page
    assert "There is a problem" in page
    assert "Select an answer to question 1" in page
    assert f'href="#id_{knowledge_check.QUESTIONS[0].id}_0"' in page
    assert not KnowledgeCheckResult.objects.exists()


def test_answers_are_kept_when_the_page_is_shown_again(priya, as_user, right_answers) -> None:
    first = knowledge_check.QUESTIONS[0]
    response = as_user(priya).post(URL, {first.id: right_answers[first.id]})
    assert response.status_code == 400
    assert f'value="{right_answers[first.id]}" checked' in response.content.decode()


def test_a_practitioner_who_answers_well_passes_and_it_is_recorded(
    priya, as_user, right_answers
) -> None:
    client = as_user(priya)
    response = client.post(URL, right_answers)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:knowledge-check-result")
    result = KnowledgeCheckResult.objects.get(person=priya)
    assert (result.score, result.total, result.passed) == (10, 10, True)
    assert result.check_version == knowledge_check.check_version()
    assert result.refresher_due == result.completed_on.replace(year=result.completed_on.year + 1)
    event = AuditEvent.objects.get(kind="knowledge-check-completed")
    assert event.detail == {"score": 10, "total": 10, "passed": True}
    page = client.get(response["Location"]).content.decode()
    assert "You passed the knowledge check" in page
    assert "You scored 10 out of 10" in page


def test_the_result_explains_each_answer_from_the_engines_reasons(priya, as_user) -> None:
    client = as_user(priya)
    wrong = {q.id: q.choices()[0][0] for q in knowledge_check.QUESTIONS}
    client.post(URL, wrong)
    result = KnowledgeCheckResult.objects.get(person=priya)
    assert not result.passed
    page = client.get(reverse("learning:knowledge-check-result")).content.decode()
    assert "You did not pass this time" in page
    question = knowledge_check.question("child-says-no")
    reason = question.pathway().reasons["nrm-referral"]
    assert reason.replace("'", "&#x27;") in page


def test_the_result_page_sends_someone_with_no_attempt_to_the_check(priya, as_user) -> None:
    response = as_user(priya).get(reverse("learning:knowledge-check-result"))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:knowledge-check")


def test_people_see_their_own_learning_record_only(priya, lee, as_user, right_answers) -> None:
    as_user(lee).post(URL, right_answers)
    page = as_user(priya).get(reverse("learning:record")).content.decode()
    assert "Not completed" in page
    assert "You have not taken the knowledge check yet" in page
    page = as_user(lee).get(reverse("learning:record")).content.decode()
    assert "10 out of 10" in page


def test_the_record_shows_a_refresher_due_after_eleven_months(priya, as_user) -> None:
    KnowledgeCheckResult.objects.create(
        person=priya,
        completed_at=timezone.now() - timedelta(days=340),
        score=9,
        total=10,
        passed=True,
        check_version="x",
        catalogue_version="y",
    )
    page = as_user(priya).get(reverse("learning:record")).content.decode()
    assert "Refresher due" in page
    home = as_user(priya).get(reverse("learning:home")).content.decode()
    assert "Take the refresher" in home
