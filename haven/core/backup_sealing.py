"""The backups' encryption: a stream sealed with AES-256-GCM in chunks (``haven/core/backup.py``
writes and reads its archive through it).

The header is ``HAVENBK`` + a version byte, the key's id (the first 8 bytes of
HMAC-SHA256(key, "haven backup key id"): a wrong key is named before anything is
decrypted), a random 16-byte salt and the chunk size (1 MiB). Each file is encrypted with
its own key, HKDF-SHA256(HAVEN_BACKUP_KEY, salt), so the nonce can simply be the chunk's
index; the associated data of each chunk is the header, its index and a last-chunk flag,
so chunks cannot be altered, reordered, dropped, or cut off at the end, and the header
cannot be changed. ``HAVEN_BACKUP_KEY`` is 32 random bytes in base64 (``haven backup
--new-key``). Memory holds one chunk at a time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"HAVENBK\x01"
KEY_SETTING = "HAVEN_BACKUP_KEY"
KEY_BYTES = 32
KEY_ID_BYTES = 8
SALT_BYTES = 16
TAG_BYTES = 16
CHUNK_BYTES = 1 << 20
MAX_CHUNK_BYTES = 64 << 20  # a header asking for more is not ours
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + SALT_BYTES + 4


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# The key ---------------------------------------------------------------------------------------------


def new_key() -> str:
    """A fresh key for HAVEN_BACKUP_KEY: 32 random bytes in URL-safe base64 (44 characters)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def backup_key(value: str | None = None) -> bytes:
    """The key from the settings (or ``value``), checked: a clear error naming the setting."""
    text = (getattr(settings, KEY_SETTING, "") if value is None else value).strip()
    if not text:
        raise BackupError(
            f"{KEY_SETTING} is not set: backups are encrypted with it. Make one with `haven backup --new-key`, "
            "keep it apart from the backups (a password safe), and set it in the environment."
        )
    try:
        key = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_").encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupError(
            f"{KEY_SETTING} must be {KEY_BYTES} random bytes in base64 (44 characters); "
            "make one with `haven backup --new-key`."
        )
    return key


def key_id(key: bytes) -> bytes:
    """Names the key in a backup's header without revealing anything of it."""
    return hmac.new(key, b"haven backup key id", hashlib.sha256).digest()[:KEY_ID_BYTES]


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"haven backup v1").derive(key)
    return AESGCM(derived)


def _chunk_data(header: bytes, index: int, last: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """Encrypts what is written to it, chunk by chunk, onto ``out``. Call ``finish()``."""

    def __init__(self, out: IO[bytes], key: bytes, chunk_bytes: int = CHUNK_BYTES) -> None:
        salt = os.urandom(SALT_BYTES)
        self._out, self._cipher, self._chunk = out, _file_cipher(key, salt), chunk_bytes
        self._header = MAGIC + key_id(key) + salt + chunk_bytes.to_bytes(4, "big")
        self._buffer, self._index, self.written = bytearray(), 0, len(self._header)
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # A full chunk is sealed only once more follows: the last chunk carries the flag.
        while len(self._buffer) > self._chunk:
            self._seal(bytes(self._buffer[: self._chunk]), last=False)
            del self._buffer[: self._chunk]
        return len(data)

    def finish(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = self._index.to_bytes(12, "big")  # unique: the key is this file's own
        sealed = self._cipher.encrypt(nonce, plain, _chunk_data(self._header, self._index, last))
        self._out.write(sealed)
        self._index += 1
        self.written += len(sealed)


class OpenedReader:
    """Decrypts a backup as it is read (``read(n)``); the header is checked on opening.
    Every chunk is authenticated before a byte of it is returned; the end of the file
    must be the chunk sealed as the last one."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC[:-1]):
            raise BackupError("This file is not a Haven backup.")
        if header[: len(MAGIC)] != MAGIC:
            raise BackupError("This backup has a format this version of Haven does not read.")
        stored_id = header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]
        if not hmac.compare_digest(stored_id, key_id(key)):
            raise BackupError(f"{KEY_SETTING} is not the key this backup was made with. Nothing was restored.")
        salt = header[len(MAGIC) + KEY_ID_BYTES : -4]
        chunk_bytes = int.from_bytes(header[-4:], "big")
        if not 0 < chunk_bytes <= MAX_CHUNK_BYTES:
            raise BackupError("This backup's header is damaged.")
        self._source, self._header, self._cipher = source, header, _file_cipher(key, salt)
        self._sealed_size = chunk_bytes + TAG_BYTES
        self._next = source.read(self._sealed_size)
        self._index, self._buffer, self.finished = 0, b"", False

    def _open_next(self) -> None:
        current = self._next
        self._next = self._source.read(self._sealed_size)
        last = not self._next
        try:
            plain = self._cipher.decrypt(
                self._index.to_bytes(12, "big"), current, _chunk_data(self._header, self._index, last)
            )
        except (InvalidTag, ValueError):
            raise BackupError(
                f"The backup is damaged, altered or cut off (part {self._index + 1} does not authenticate). "
                "Nothing was restored."
            ) from None
        self._buffer += plain
        self._index += 1
        self.finished = last

    def read(self, size: int = -1) -> bytes:
        while not self.finished and (size < 0 or len(self._buffer) < size):
            self._open_next()
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def drain(self) -> None:
        """Read (and so authenticate) to the end: the tar reader stops at its end marker."""
        while self.read(CHUNK_BYTES):
            pass
