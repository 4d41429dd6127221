"""How passwords are hashed: Argon2id, sized for a small server that must keep answering while
many people sign in at once.

Parameters: OWASP's Password Storage Cheat Sheet ("Argon2id", retrieved December 2026,
https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html) sets a floor of
Argon2id with 19 MiB of memory, 2 passes and 1 lane, and lists settings it counts as equally
strong that trade memory for passes; the first of them is 46 MiB (47,104 KiB) and 1 pass. We take
that one: memory is what makes each guess dear on a GPU or ASIC, so of the equal settings we
take the one with the most memory. One lane, because lanes only split the same work across
cores: on a two-core server, Django's default of 8 lanes let one sign-in take both cores while
every other request waited.

Django's defaults (100 MiB, 2 passes, 8 lanes) cost about four times as much per hash. That margin
bought little here: every account also needs a second factor, accounts lock after five failed
tries (django-axes), and passwords have at least 12 characters and are checked against common
ones. What it cost was measured: a burst of 26 sign-ins took 10.9 s at the median (issue 16;
bench/signin_bench.py repeats the measurement).

Hashes made with other parameters still verify (Argon2 stores its parameters in the hash), and
Django re-hashes a password with these at its next successful sign-in (must_update).

At most HASHING_SLOTS hashes run at once in one process: with threaded gunicorn workers a burst
of sign-ins then takes one core per worker, not one per thread, and the worker's other threads
keep serving pages. With sync workers (one request at a time) the bound never waits.
"""

from __future__ import annotations

import threading

from django.contrib.auth.hashers import Argon2PasswordHasher

HASHING_SLOTS = 1
_slots = threading.BoundedSemaphore(HASHING_SLOTS)


class Argon2idHasher(Argon2PasswordHasher):
    """Same algorithm name ("argon2") as Django's, so it reads every hash Django's wrote."""

    time_cost = 1
    memory_cost = 47_104  # KiB: 46 MiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with _slots:
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with _slots:
            return super().verify(password, encoded)
