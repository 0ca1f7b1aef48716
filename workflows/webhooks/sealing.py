"""The endpoints' secrets at rest. A secret must sign every delivery, so it cannot be stored as a hash; it is
stored sealed: XOR-ed with a keystream of HMAC-SHA256(key, nonce ‖ counter), then authenticated with
HMAC-SHA256 (encrypt-then-MAC), the keys derived from `SECRET_KEY`. A database dump alone does not reveal it,
and a sealed value tampered with is refused rather than used. Only the standard library (no new dependency).
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

NONCE_BYTES = 16
MAC_BYTES = 32


class SealBroken(ValueError):
    """The sealed value was not made with this SECRET_KEY, or was altered."""


def _key(purpose):
    return hmac.new(settings.SECRET_KEY.encode(), f"ucc.webhooks.{purpose}".encode(), hashlib.sha256).digest()


def _keystream(nonce, length):
    key, blocks = _key("encrypt"), []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def seal(plain):
    data = plain.encode()
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True))
    mac = hmac.new(_key("mac"), nonce + cipher, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(nonce + mac + cipher).decode()


def unseal(sealed):
    raw = base64.urlsafe_b64decode(sealed.encode())
    nonce, mac, cipher = raw[:NONCE_BYTES], raw[NONCE_BYTES : NONCE_BYTES + MAC_BYTES], raw[NONCE_BYTES + MAC_BYTES :]
    if not hmac.compare_digest(mac, hmac.new(_key("mac"), nonce + cipher, hashlib.sha256).digest()):
        raise SealBroken("the webhook secret cannot be unsealed with this SECRET_KEY")
    return bytes(a ^ b for a, b in zip(cipher, _keystream(nonce, len(cipher)), strict=True)).decode()
