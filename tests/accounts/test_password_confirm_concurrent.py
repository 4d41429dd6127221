"""Wrong confirmation passwords sent at the same instant are still counted one by one: no more
than five are ever checked (PostgreSQL, real concurrent connections)."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts import reauth
from accounts.models import User
from tests.concurrency import race

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent writers (PostgreSQL)"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_parallel_guesses_never_get_more_than_five_checks(cast) -> None:
    ada_pk = cast.people["ada"].pk

    def guess(i: int) -> str:
        ada = User.objects.get(pk=ada_pk)
        try:
            return "right" if reauth.confirm_password(ada, f"wrong guess {i}") else "wrong"
        except reauth.TooManyTries:
            return "stopped"

    results = race(guess, racers=8)
    assert sorted(results) == ["stopped"] * 4 + ["wrong"] * 4, results
    ada = User.objects.get(pk=ada_pk)
    with pytest.raises(reauth.TooManyTries):
        reauth.confirm_password(ada, "signpost-demo-passphrase")
