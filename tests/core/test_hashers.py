"""Passwords are hashed with Argon2id at OWASP's parameters; hashes made with Django's older
defaults still sign in and are re-hashed; at most one hash runs at once in a process."""

from __future__ import annotations

import threading

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from core import hashers
from core.hashers import Argon2idHasher

REAL = ["core.hashers.Argon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
PASSWORD = "a long enough passphrase"


def _params(encoded: str) -> argon2.Parameters:
    return argon2.extract_parameters(encoded.removeprefix("argon2"))


def test_new_hashes_are_argon2id_at_or_above_owasps_floor() -> None:
    params = _params(Argon2idHasher().encode(PASSWORD, Argon2idHasher().salt()))
    assert params.type == argon2.Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (47_104, 1, 1)
    # OWASP's equivalent settings for Argon2id: 46 MiB with 1 pass, or 19 MiB with 2 passes;
    # never less memory per pass than those.
    assert params.memory_cost * params.time_cost >= 19_456 * 2


@override_settings(PASSWORD_HASHERS=REAL)
def test_a_hash_made_with_djangos_defaults_still_verifies_and_must_be_remade() -> None:
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert _params(old).memory_cost == 102_400
    assert isinstance(identify_hasher(old), Argon2idHasher)
    remade: list[str] = []
    assert check_password(PASSWORD, old, setter=remade.append)
    assert remade == [PASSWORD]  # Django calls the setter to re-hash with the new parameters
    assert not check_password("not the passphrase", old)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=REAL, AXES_ENABLED=False)
def test_signing_in_with_an_old_hash_replaces_it_with_a_new_one(lee: User) -> None:
    lee.password = "argon2" + argon2.PasswordHasher(
        time_cost=2, memory_cost=102_400, parallelism=8
    ).hash(PASSWORD)
    lee.save(update_fields=["password"])
    response = Client().post(
        reverse("accounts:sign-in"), {"email": lee.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    lee.refresh_from_db()
    params = _params(lee.password)
    assert (params.memory_cost, params.time_cost, params.parallelism) == (47_104, 1, 1)
    assert lee.check_password(PASSWORD)


def test_a_second_hash_in_the_same_process_waits_for_the_first() -> None:
    hasher = Argon2idHasher()
    done = threading.Event()

    def hash_once() -> None:
        hasher.encode(PASSWORD, hasher.salt())
        done.set()

    assert hashers.HASHING_SLOTS == 1
    with hashers._slots:  # as if another thread were hashing
        worker = threading.Thread(target=hash_once)
        worker.start()
        assert not done.wait(0.5)
    worker.join(10)
    assert done.is_set()
