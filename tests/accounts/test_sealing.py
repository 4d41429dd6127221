"""Provider client secrets sealed at rest, and the key rotation documented in docs/security.md."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import IdentityProvider
from accounts.sealing import InvalidToken, seal, unseal


def test_a_sealed_secret_opens_only_with_the_key(settings) -> None:
    sealed = seal("client-secret-value")
    assert "client-secret-value" not in sealed
    assert unseal(sealed) == "client-secret-value"
    settings.SIGNPOST_SECRETS_KEY = "another-key-" + "k" * 40
    with pytest.raises(InvalidToken):
        unseal(sealed)


def test_after_a_rotation_old_secrets_open_and_reseal_moves_them_to_the_new_key(
    settings, northgate
) -> None:
    settings.SIGNPOST_SECRETS_KEY = "old-key-" + "o" * 40
    provider = IdentityProvider.objects.create(
        organisation=northgate,
        issuer="https://login.example.org",
        client_id="signpost",
        client_secret_sealed=seal("s3cret"),
    )
    settings.SIGNPOST_SECRETS_KEY = "new-key-" + "n" * 40
    settings.SIGNPOST_SECRETS_OLD_KEYS = ["old-key-" + "o" * 40]
    assert unseal(provider.client_secret_sealed) == "s3cret"
    call_command("reseal_secrets")
    settings.SIGNPOST_SECRETS_OLD_KEYS = []
    provider.refresh_from_db()
    assert unseal(provider.client_secret_sealed) == "s3cret"
