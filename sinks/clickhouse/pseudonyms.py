"""Keyed pseudonyms (HMAC-SHA256) of direct identifiers for the analytic columns.

A pseudonym is ``hex(HMAC-SHA256(key, "<kind>:<canonical value>"))``: the same person's e-mail
gives the same pseudonym in every table and every batch (so analysts can count and join), but
without the key nobody can compute the pseudonym of a guessed address, which a plain hash of
an e-mail address would allow. Canonical values:

* ``email`` and ``phone``: the identity-resolution key (``email:ann@mail.org``,
  ``phone:+442079460958``), so the analytic columns agree with how identities are matched; a
  value identity resolution refuses is pseudonymised in its folded form instead (still stable,
  just not merged with other spellings). The sink knows nothing of identity resolution: the
  application hands it an :class:`IdentifierKeys` (``processors.identity.IdentifierKeys``);
* names and addresses: NFKC, case-folded, whitespace collapsed.

The key comes from ``CHORUS_PSEUDONYM_KEY``; unset, a random key is created once in
``<state_dir>/pseudonym.key`` (mode 0600) so a local store is pseudonymised consistently.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from core.errors import ConfigError
from core.settings import Settings

KEY_FILE = "pseudonym.key"

#: ``attributes`` keys whose values are direct identifiers (pseudonymised in the analytic map)
DIRECT_ATTRIBUTES = frozenset(
    {
        "name",
        "full_name",
        "first_name",
        "last_name",
        "address",
        "street",
        "street_address",
        "address_line1",
        "address_line2",
    }
)


def canonical_text(value: str) -> str:
    """NFKC, case-folded, whitespace collapsed: 'Ann  SMITH ' and 'ann smith' are one name."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


class IdentifierKeys(Protocol):
    """What the sink needs of identity resolution: how it keys a presented identifier."""

    def region_for(self, channel: str, source_system: str) -> str:
        """The phone region that numbers from this channel and source are read in."""
        ...

    def key(self, id_type: str, raw: str, region: str | None = None) -> str | None:
        """The identity key ``type:value``, or None when resolution cannot use the value."""
        ...


class Pseudonymiser:
    """HMAC-SHA256 pseudonyms under one key; identifiers keyed like identity resolution."""

    def __init__(self, key: bytes, identifier_keys: IdentifierKeys) -> None:
        if not key:
            raise ConfigError("the pseudonym key is empty")
        self._key = key
        self.identifier_keys = identifier_keys

    @classmethod
    def from_settings(cls, settings: Settings, identifier_keys: IdentifierKeys) -> Pseudonymiser:
        return cls(pseudonym_key(settings), identifier_keys)

    def digest(self, text: str) -> str:
        """The pseudonym of an already canonical ``kind:value`` text."""
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def text(self, kind: str, value: str | None) -> str | None:
        """A name, address or other free value; None (and blank) stays None."""
        if value is None or not value.strip():
            return None
        return self.digest(f"{kind}:{canonical_text(value)}")

    def identifier(self, id_type: str, raw: str | None, region: str | None = None) -> str | None:
        """An e-mail address or phone number as presented, pseudonymised by its identity key."""
        if raw is None or not raw.strip():
            return None
        key = self.identifier_keys.key(id_type, raw, region)
        if key is None:
            return self.digest(f"{id_type}:{canonical_text(raw)}")
        return self.digest(key)

    def attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        """The map with the values of :data:`DIRECT_ATTRIBUTES` replaced by pseudonyms."""
        return {
            name: (self.text(name, value) or "") if name in DIRECT_ATTRIBUTES else value
            for name, value in attributes.items()
        }


def pseudonym_key(settings: Settings) -> bytes:
    """``CHORUS_PSEUDONYM_KEY``, else the installation's key file (created on first use)."""
    configured = settings.pseudonym_key.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    return _key_file(settings.state_dir / KEY_FILE)


def _key_file(path: Path) -> bytes:
    try:
        return path.read_bytes().strip() or _create_key(path)
    except FileNotFoundError:
        return _create_key(path)
    except OSError as exc:
        raise ConfigError(f"cannot read the pseudonym key {path}: {exc.strerror}") from exc


def _create_key(path: Path) -> bytes:
    key = secrets.token_hex(32).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: if two processes race, the loser reads the winner's key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    except OSError as exc:
        raise ConfigError(f"cannot create the pseudonym key {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key
