"""Codes a person types, keys a program keeps, and how both are stored (hashed).

A participant code is read aloud in a board room and typed on a tablet, so it is short and
unambiguous: 12 characters in three groups of four, from an alphabet without 0/O, 1/I/L and
U/V (about 58 bits). A facilitator key and a member token are never typed: 192 bits from
:mod:`secrets`. The database keeps only SHA-256 digests of all three: someone who reads the
database (a backup, a leaked file) cannot join, submit or reveal. A fast hash suffices for
secrets this long and random; wrong guesses are limited by the store, not by the hash.
"""

from __future__ import annotations

import hashlib
import secrets

#: Letters and digits that cannot be mistaken for another when read aloud or handwritten.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
#: Longest text accepted where a code or key is expected (longer is refused unread).
MAX_SECRET_LENGTH = 200


def participant_code() -> str:
    """A fresh participant code such as ``'7KQM-X3PA-HT9C'``."""
    groups = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    ]
    return "-".join(groups)


def normalised_code(text: str) -> str:
    """A typed code in its stored form: upper case, no spaces or dashes.

    Examples
    --------
    >>> normalised_code(" 7kqm x3pa-ht9c ")
    '7KQMX3PAHT9C'
    """
    return "".join(ch for ch in text.upper() if ch.isalnum())


def secret_key() -> str:
    """A facilitator key or member token: 192 random bits, URL-safe, never starting with "-".

    One key in 64 began with "-", and a command line read it as an option: ``samenwerking
    session submit -zK3...`` answered "No such option '-z'". Such draws are drawn again.
    """
    while True:
        key = secrets.token_urlsafe(24)
        if not key.startswith("-"):
            return key


def digest(kind: str, secret: str) -> str:
    """The stored form of a secret of ``kind`` (``code``, ``facilitator`` or ``member``)."""
    value = normalised_code(secret) if kind == "code" else secret.strip()
    return hashlib.sha256(f"samenwerking:{kind}:{value}".encode()).hexdigest()
