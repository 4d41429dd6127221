"""The GOV.UK component partials in templates/components/ render the Design System's markup."""

from __future__ import annotations

from django.template import Context, Template
from django.template.loader import render_to_string


def test_warning_text_wraps_the_words_with_the_icon_and_hidden_label() -> None:
    source = (
        '{% load components %}{% warning_text id="no-lead" %}'
        "Call <b>{{ n }}</b> now{% endwarning_text %}"
    )
    html = Template(source).render(Context({"n": "<999>"}))
    assert 'class="govuk-warning-text" id="no-lead"' in html
    assert '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>' in html
    assert '<span class="govuk-visually-hidden">Warning</span>' in html
    # The page's own markup is kept; values inside it are still escaped.
    assert "Call <b>&lt;999&gt;</b> now" in html


def test_warning_text_without_an_id_has_none() -> None:
    html = Template("{% load components %}{% warning_text %}Careful{% endwarning_text %}").render(
        Context()
    )
    assert 'class="govuk-warning-text">' in html
    assert "id=" not in html


def test_tag_escapes_its_text_and_takes_a_colour() -> None:
    html = render_to_string("components/tag.html", {"text": "<Open>", "colour": "green"})
    assert '<strong class="govuk-tag govuk-tag--green">&lt;Open&gt;</strong>' in html


def test_summary_list_shows_rows_and_says_when_a_value_is_missing() -> None:
    html = render_to_string(
        "components/summary_list.html",
        {"rows": [("Name", "Sam"), {"key": "Age", "value": "", "href": "/age/"}]},
    )
    assert '<dt class="govuk-summary-list__key">Name</dt>' in html
    assert '<dd class="govuk-summary-list__value">Sam</dd>' in html
    assert "Not given" in html
    assert 'href="/age/">Change<span class="govuk-visually-hidden"> age</span>' in html


def test_notification_banner_is_an_alert_only_for_success() -> None:
    success = render_to_string(
        "components/notification_banner.html", {"text": "Saved", "type": "success", "number": 1}
    )
    assert "govuk-notification-banner--success" in success
    assert 'role="alert"' in success and ">Success</h2>" in success
    plain = render_to_string(
        "components/notification_banner.html", {"text": "Note", "type": "info", "number": 2}
    )
    assert 'role="region"' in plain and ">Important</h2>" in plain
    assert 'aria-labelledby="notification-title-2"' in plain


def test_task_list_links_startable_tasks_and_greys_the_rest() -> None:
    html = render_to_string(
        "components/task_list.html",
        {
            "tasks": [
                {"id": "who", "name": "Who", "href": "/who/", "status": "Completed", "done": True},
                {"id": "send", "name": "Send", "status": "Cannot start yet"},
            ]
        },
    )
    assert 'href="/who/" aria-describedby="task-who-status">Who</a>' in html
    assert 'id="task-who-status">' in html and "Completed" in html
    assert "govuk-task-list__status--cannot-start-yet" in html
    assert '<strong class="govuk-tag govuk-tag--blue">Cannot start yet</strong>' in html


def test_summary_row_tags_take_markup_and_name_the_action() -> None:
    source = (
        "{% load components %}{% summary_list %}"
        '{% summary_row key="Roles" href=url query="return=check" hidden="the roles" %}'
        "<ul><li>{{ role }}</li></ul>{% endsummary_row %}"
        '{% summary_row key="Name" %}Sam{% endsummary_row %}{% endsummary_list %}'
    )
    html = Template(source).render(Context({"url": "/roles/", "role": "<Lead>"}))
    assert html.count('<dl class="govuk-summary-list">') == 1
    assert '<dd class="govuk-summary-list__value"><ul><li>&lt;Lead&gt;</li></ul></dd>' in html
    hidden = '<span class="govuk-visually-hidden"> the roles</span>'
    assert f'href="/roles/?return=check">Change{hidden}' in html
    assert '<div class="govuk-summary-list__row govuk-summary-list__row--no-actions">' in html


def test_task_tags_describe_the_link_by_hint_and_status() -> None:
    source = (
        "{% load components %}{% task_list %}"
        '{% task id="check" name="Check" href="/check/" hint="Not yet" status="In progress" '
        'colour="light-blue" %}{% endtask_list %}'
    )
    html = Template(source).render(Context())
    assert 'aria-describedby="task-check-hint task-check-status">Check</a>' in html
    assert '<div id="task-check-hint" class="govuk-task-list__hint">Not yet</div>' in html
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in html


def test_summary_row_key_hint_and_fragment() -> None:
    source = (
        "{% load components %}{% summary_list %}"
        '{% summary_row key="Name" key_hint="pv-name" href="/edit/" fragment="id_name" %}'
        "Sam{% endsummary_row %}{% endsummary_list %}"
    )
    html = Template(source).render(Context())
    key = (
        '<dt class="govuk-summary-list__key">Name<br><span class="govuk-body-s">pv-name</span></dt>'
    )
    assert key in html
    assert 'href="/edit/#id_name">Change<span class="govuk-visually-hidden"> name</span>' in html


def test_rows_are_marked_no_actions_only_when_another_row_has_an_action() -> None:
    plain = (
        "{% load components %}{% summary_list %}"
        '{% summary_row key="A" %}1{% endsummary_row %}'
        '{% summary_row key="B" %}2{% endsummary_row %}'
        "{% endsummary_list %}"
    )
    html = Template(plain).render(Context())
    assert html.count('<div class="govuk-summary-list__row">') == 2
    assert "no-actions" not in html
    mixed = plain.replace('key="B"', 'key="B" href="/b/"')
    html = Template(mixed).render(Context())
    assert html.count("govuk-summary-list__row--no-actions") == 1


def test_a_closed_task_has_no_link_and_is_not_greyed() -> None:
    source = (
        '{% load components %}{% task_list %}{% task id="s" name="Send" status="Completed" '
        'done=True closed=True %}{% task id="t" name="Then" status="Cannot start yet" %}'
        "{% endtask_list %}"
    )
    html = Template(source).render(Context())
    assert "<a " not in html
    assert html.count("govuk-task-list__status--cannot-start-yet") == 1
    assert 'class="govuk-task-list__status"\n    id="task-s-status">' in html


def test_notification_banner_tag_takes_a_title_and_a_body_with_markup() -> None:
    source = (
        '{% load components %}{% notification_banner title="Overdue" title_id="late" %}'
        '<p class="govuk-notification-banner__heading">{{ n }} late</p><ul><li>x</li></ul>'
        "{% endnotification_banner %}"
    )
    html = Template(source).render(Context({"n": "<2>"}))
    assert 'aria-labelledby="late"' in html and 'role="region"' in html
    assert 'id="late"\n    >Overdue</h2>' in html
    body = '<p class="govuk-notification-banner__heading">&lt;2&gt; late</p><ul><li>x</li></ul>'
    assert body in html
    assert html.count("govuk-notification-banner__heading") == 1


def test_tag_tag_keeps_a_visually_hidden_part() -> None:
    source = (
        '{% load components %}{% tag colour="blue" %}3<span class="govuk-visually-hidden">'
        " unread</span>{% endtag %}"
    )
    html = Template(source).render(Context())
    assert html == (
        '<strong class="govuk-tag govuk-tag--blue">3'
        '<span class="govuk-visually-hidden"> unread</span></strong>'
    )
