"""Human-friendly record references: random, readable over the phone, no personal data."""

import secrets

# No 0/O, 1/I/L or U: nothing that is misread or misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str) -> str:
    """Like SP-7K3F-9QXD: 30^8 (about 6.6 x 10^11) possibilities after the prefix."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"
