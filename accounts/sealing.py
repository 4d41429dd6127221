"""Secrets kept at rest (an identity provider's client secret), sealed with Fernet.

The key is derived (HKDF-SHA256) from SIGNPOST_SECRETS_KEY, which defaults to SECRET_KEY. To
rotate: put the new key in SIGNPOST_SECRETS_KEY, list the former ones in
SIGNPOST_SECRETS_OLD_KEYS, run `manage.py reseal_secrets`, then drop the old keys
(docs/security.md, "Secrets at rest").
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "reseal", "seal", "unseal"]


def _fernet(key: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"signpost sealed secrets"
    ).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    current = settings.SIGNPOST_SECRETS_KEY or settings.SECRET_KEY
    return MultiFernet(
        [_fernet(current), *(_fernet(k) for k in settings.SIGNPOST_SECRETS_OLD_KEYS)]
    )


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode() if text else ""


def unseal(token: str) -> str:
    """The secret in the clear; raises InvalidToken if no configured key opens it."""
    return _keys().decrypt(token.encode()).decode() if token else ""


def reseal(token: str) -> str:
    """The same secret sealed with the current key (after a rotation)."""
    return _keys().rotate(token.encode()).decode() if token else ""
