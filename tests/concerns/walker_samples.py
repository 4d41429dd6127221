"""URL samples for the access walker and the axe sweep: always Northgate School records."""

from __future__ import annotations

from accounts.demo import Cast
from concerns.models import Draft
from tests.concerns.helpers import full_answers, sample_concern


def setup(cast: Cast) -> None:
    """Priya has an unfinished concern (so the draft pages show, not redirect) and a sent one."""
    priya = cast.people["priya"]
    sample_concern(priya)
    if not Draft.objects.filter(author=priya).exists():
        Draft.objects.create(
            author=priya, answers=full_answers(), completed=["danger", "who"], page="tasks"
        )


SAMPLES = {
    "concerns:page": lambda cast: {"page": "danger"},
    "concerns:detail": lambda cast: {"pk": sample_concern(cast.people["priya"]).pk},
    "concerns:submitted": lambda cast: {"pk": sample_concern(cast.people["priya"]).pk},
    "concerns:add-information": lambda cast: {"pk": sample_concern(cast.people["priya"]).pk},
    "concerns:lead-detail": lambda cast: {"pk": sample_concern(cast.people["priya"]).pk},
}
