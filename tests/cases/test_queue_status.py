"""The queue's status sentence, built in cases/presenters.py, says what the template once did."""

from __future__ import annotations

import itertools

from django.template import Context, Template

from cases.presenters import queue_status

# The sentence as queue.html built it before it moved to the presenter (issue 18).
OLD = Template(
    '{% if capped %}More than {{ count|stringformat:"d" }} {% if tab == "new" %}concerns'
    "{% else %}cases{% endif %}: use the filters or search to narrow them.{% elif count %}"
    '{{ count }} {% if tab == "new" %}concern{% else %}case{% endif %}{{ count|pluralize }}'
    '{% if filtering or searching %} match{{ count|pluralize:"es," }} your {% if searching %}'
    "search{% if filtering %} and filters{% endif %}{% else %}filters{% endif %}{% endif %}."
    "{% else %}{% if filtering or searching %}Nothing matches your {% if searching %}search"
    "{% if filtering %} and filters{% endif %}{% else %}filters{% endif %}.{% elif tab == "
    '"new" %}No new concerns are waiting to be triaged.{% else %}There are no cases here.'
    "{% endif %}{% endif %}"
)


def test_every_combination_reads_as_the_template_did() -> None:
    for tab, count, capped, filtering, searching in itertools.product(
        ("new", "open"), (0, 1, 2, 1000), (False, True), (False, True), (False, True)
    ):
        values = {
            "tab": tab,
            "count": count,
            "capped": capped,
            "filtering": filtering,
            "searching": searching,
        }
        assert queue_status(**values) == OLD.render(Context(values)), values


def test_examples() -> None:
    assert queue_status(tab="new", count=1, capped=False, filtering=True, searching=False) == (
        "1 concern matches your filters."
    )
    assert queue_status(tab="open", count=0, capped=False, filtering=False, searching=False) == (
        "There are no cases here."
    )
