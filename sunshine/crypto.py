"""AES-256-GCM for everything secret at rest (raw text, party data, spans, quarantined bytes).

The key comes from ``SUNSHINE_SECRET_KEY`` (base64 of 32 bytes) or, on a single machine, from a
key file created once under ``SUNSHINE_HOME`` with mode 0600.  Each blob carries a one-byte
format version and its own random nonce, so keys can be rotated later without ambiguity.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sunshine.settings import get_settings

_VERSION = b"\x01"


class KeyError_(RuntimeError):
    """The configured key is unusable; the message never includes key material."""


def _load_or_create_key(path: Path) -> bytes:
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyError_(f"key file {path} is readable by others (mode {oct(mode)}); chmod 600 it")
        key = base64.b64decode(path.read_bytes().strip())
    else:
        key = AESGCM.generate_key(bit_length=256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64encode(key))
    if len(key) != 32:
        raise KeyError_("secret key must be 32 bytes (base64-encoded)")
    return key


@lru_cache(maxsize=4)
def _cipher(key_b64: str | None, key_file: str) -> AESGCM:
    if key_b64:
        try:
            key = base64.b64decode(key_b64)
        except ValueError as exc:
            raise KeyError_("SUNSHINE_SECRET_KEY is not valid base64") from exc
        if len(key) != 32:
            raise KeyError_("SUNSHINE_SECRET_KEY must decode to 32 bytes")
    else:
        key = _load_or_create_key(Path(key_file))
    return AESGCM(key)


def cipher() -> AESGCM:
    s = get_settings()
    secret = s.secret_key.get_secret_value() if s.secret_key else None
    return _cipher(secret, str(s.key_file))


def encrypt(data: bytes, *, aad: bytes = b"") -> bytes:
    nonce = os.urandom(12)
    return _VERSION + nonce + cipher().encrypt(nonce, data, aad or None)


def decrypt(blob: bytes, *, aad: bytes = b"") -> bytes:
    if not blob or blob[:1] != _VERSION:
        raise ValueError("unknown ciphertext format")
    return cipher().decrypt(blob[1:13], blob[13:], aad or None)


def encrypt_json(value: Any, *, aad: bytes = b"") -> bytes:
    return encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8"), aad=aad)


def decrypt_json(blob: bytes, *, aad: bytes = b"") -> Any:
    return json.loads(decrypt(blob, aad=aad).decode("utf-8"))


def reset_cipher_cache() -> None:
    _cipher.cache_clear()
