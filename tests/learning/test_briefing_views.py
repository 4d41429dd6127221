import pytest
from django.urls import reverse

from guidance.catalogue import get_catalogue, is_official
from learning.briefing import get_briefing

pytestmark = pytest.mark.django_db


def test_every_role_can_read_every_briefing_page(cast, as_user) -> None:
    for key in ("priya", "lee", "ada", "ana"):
        client = as_user(cast.people[key])
        for section in get_briefing().sections:
            response = client.get(reverse("learning:briefing-section", args=[section.slug]))
            assert response.status_code == 200
            assert section.title in response.content.decode()


def test_a_section_that_does_not_exist_is_not_found(priya, as_user) -> None:
    response = as_user(priya).get(reverse("learning:briefing-section", args=["nope"]))
    assert response.status_code == 404


def test_the_contents_page_lists_the_seven_parts_and_the_reading_time(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:briefing")).content.decode()
    for section in get_briefing().sections:
        assert section.title in page
    assert "about 7 minutes" in page


def test_the_last_page_leads_to_the_knowledge_check(priya, as_user) -> None:
    url = reverse("learning:briefing-section", args=["implementing-change"])
    page = as_user(priya).get(url).content.decode()
    assert reverse("learning:knowledge-check") in page


def test_the_what_to_do_page_tells_a_school_it_is_not_a_first_responder(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:briefing-section", args=["what-to-do"]))
    assert "Northgate School is not a first responder organisation" in page.content.decode()


def test_the_what_to_do_page_tells_a_council_about_its_duty_to_notify(omar, as_user) -> None:
    page = as_user(omar).get(reverse("learning:briefing-section", args=["what-to-do"]))
    text = page.content.decode()
    assert "Riverside Council is a first responder organisation" in text
    assert "must send a Duty to Notify report" in text


def test_the_figures_page_shows_the_computed_statistics(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:briefing-section", args=["why-it-matters"]))
    text = page.content.decode()
    assert "2,340 referrals, 34% more" in text
    assert "23,411 referrals, up 22% on 2024" in text


@pytest.mark.parametrize(
    ("name", "group"), [("signs-adults", "adult"), ("signs-children", "child")]
)
def test_the_signs_pages_list_every_catalogue_sign_for_the_group(
    priya, as_user, name, group
) -> None:
    page = as_user(priya).get(reverse(f"learning:{name}")).content.decode()
    shown = get_catalogue().for_population(group)
    for indicator in shown:
        assert indicator.text.replace("'", "&#x27;") in page
    unofficial = [i for i in shown if not is_official(i)]
    assert page.count("Not yet checked</strong>") == len(unofficial) + (1 if unofficial else 0)


def test_the_signs_pages_never_show_a_sign_for_the_other_group(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:signs-adults")).content.decode()
    child_only = [i for i in get_catalogue().indicators if i.population == "child"]
    assert child_only
    assert not any(i.text.replace("'", "&#x27;") in page for i in child_only)


def test_the_learning_menu_and_home_section_appear_for_everyone(ana, as_user) -> None:
    page = as_user(ana).get(reverse("core:home")).content.decode()
    assert reverse("learning:home") in page
    assert "Read the 7-minute briefing" in page
    assert "Take the knowledge check" in page
