"""The facilitator's PIN for one session, kept only as a salted PBKDF2 hash.

The PIN guards what one delegation must not see of another's at a shared
laptop (a team's own screen out of turn) and the facilitator's console. It is
set on the setup screen, asked again when the session is reopened, and never
stored or logged in clear. The table is part of the schema (version 3, see
`app.store.database`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.store.database import PINS as TABLE
from app.store.database import writing
from app.store.sessions import Store

ITERATIONS = 120_000
MIN_LENGTH = 4


def _derive(pin: str, salt: bytes, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations).hex()


def set_pin(store: Store, sid: str, pin: str) -> None:
    """Keep (or replace) the session's PIN, hashed with a fresh salt."""
    salt = secrets.token_bytes(16)
    row = [sid, salt.hex(), _derive(pin, salt, ITERATIONS), ITERATIONS]

    def write() -> None:
        with writing(store.db):
            store.db.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?)", row)

    store._guard(write)


def has_pin(store: Store, sid: str) -> bool:
    def read() -> bool:
        return (
            store.db.execute(f"SELECT 1 FROM {TABLE} WHERE session_id = ?", [sid]).fetchone()
            is not None
        )

    return bool(store._guard(read))


def check_pin(store: Store, sid: str, pin: str) -> bool:
    """True if `pin` is the session's PIN (compared in constant time); False if none is set."""

    def read() -> tuple[str, str, int] | None:
        return store.db.execute(
            f"SELECT salt, hash, iterations FROM {TABLE} WHERE session_id = ?", [sid]
        ).fetchone()

    row = store._guard(read)
    if row is None:
        return False
    salt, digest, iterations = row
    return hmac.compare_digest(_derive(pin, bytes.fromhex(salt), int(iterations)), digest)
