"""Encryption at rest for families' answers and plans (security rule 14).

Envelope encryption with AES-256-GCM: each assessment has its own random data key, stored only
wrapped (encrypted) by the server's key from the environment. Every sealed value is bound to its
assessment and column by the GCM associated data, so a ciphertext moved or altered fails to open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12


class UnreadableData(RuntimeError):
    """A sealed value could not be opened: the wrong key, or the data was altered."""


def key_from_setting(value: str) -> bytes:
    """Read a 32-byte key written as 64 hex characters or unpadded/padded URL-safe base64."""
    text = value.strip()
    try:
        key = (
            bytes.fromhex(text)
            if len(text) == 64
            else base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
    except ValueError as error:
        raise ValueError("DATA_KEY must be 32 bytes, as 64 hex characters or base64") from error
    if len(key) != 32:
        raise ValueError("DATA_KEY must be 32 bytes, as 64 hex characters or base64")
    return key


def key_from_secret(secret: str) -> bytes:
    """A data-wrapping key derived from SECRET_KEY (development and tests only)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"send-pathway-planner data key"
    ).derive(secret.encode())


class Sealer:
    """Seals and opens values with per-assessment data keys wrapped by the server key."""

    def __init__(self, server_key: bytes):
        self._server = AESGCM(server_key)

    @staticmethod
    def _pack(nonce: bytes, ciphertext: bytes) -> str:
        return base64.urlsafe_b64encode(nonce + ciphertext).decode()

    @staticmethod
    def _unpack(packed: str) -> tuple[bytes, bytes]:
        raw = base64.urlsafe_b64decode(packed.encode())
        return raw[:NONCE_BYTES], raw[NONCE_BYTES:]

    def new_data_key(self, owner: str) -> tuple[bytes, str]:
        """A fresh data key and its wrapped form (to store) for the assessment `owner` names."""
        data_key = AESGCM.generate_key(bit_length=256)
        return data_key, self.wrap(data_key, owner)

    def wrap(self, data_key: bytes, owner: str) -> str:
        """A data key wrapped by this server key, bound to its owner."""
        nonce = os.urandom(NONCE_BYTES)
        return self._pack(nonce, self._server.encrypt(nonce, data_key, owner.encode()))

    def unwrap(self, wrapped: str, owner: str) -> bytes:
        """The data key from its stored, wrapped form."""
        try:
            nonce, ciphertext = self._unpack(wrapped)
            return self._server.decrypt(nonce, ciphertext, owner.encode())
        except (InvalidTag, ValueError) as error:
            raise UnreadableData("the data key cannot be unwrapped") from error

    @staticmethod
    def seal(data_key: bytes, value: Any, owner: str, column: str) -> dict[str, str]:
        """Encrypt a JSON-able value for one column of one assessment."""
        nonce = os.urandom(NONCE_BYTES)
        plaintext = json.dumps(value, separators=(",", ":")).encode()
        aad = f"{owner}:{column}".encode()
        return {"sealed": Sealer._pack(nonce, AESGCM(data_key).encrypt(nonce, plaintext, aad))}

    @staticmethod
    def open(data_key: bytes, envelope: Any, owner: str, column: str) -> Any:
        """Decrypt a value sealed by `seal` (UnreadableData if it was altered or moved)."""
        if not isinstance(envelope, dict) or "sealed" not in envelope:
            raise UnreadableData(f"{column} is not sealed")
        try:
            nonce, ciphertext = Sealer._unpack(envelope["sealed"])
            aad = f"{owner}:{column}".encode()
            return json.loads(AESGCM(data_key).decrypt(nonce, ciphertext, aad))
        except (InvalidTag, ValueError) as error:
            raise UnreadableData(f"{column} cannot be opened") from error


def owner_of(token_hash: str) -> str:
    """The associated-data name of an assessment: a digest of its token hash (stable, not secret)."""
    return hashlib.sha256(f"assessment:{token_hash}".encode()).hexdigest()[:32]
