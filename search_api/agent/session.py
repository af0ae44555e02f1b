"""Sessions, CSRF tokens and the sign-in throttle of the agent web UI.

The session cookie is ``<session id>.<expiry>.<generation>.<agent>.<signature>``: a random id, a
Unix expiry time, the agent's account generation and name (base64), and HMAC-SHA256 over them.
The signing secret is the shared ``agent_token`` plus a random secret kept in the database, so
the cookie never holds a token, every replica checks any session, and rotating the shared token
signs every session out. The account generation goes up when an agent's token is reset or the
account disabled, which ends that agent's sessions. Nothing is stored per session except the ids
signed out before they expire (in the operational database, so a sign-out holds everywhere).

CSRF: every form carries ``HMAC(key, "csrf" + session id)``, masked with a fresh random pad on
each page so compressed pages never repeat it byte for byte (BREACH). The server recomputes it
from the session cookie and compares in constant time: a forged form from another site has the
cookie (SameSite=Strict already withholds it) but cannot know the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

from kb.store import MemorySignOuts, SharedSignOuts, SignOuts
from search_api.limits import RateLimiter

__all__ = [
    "COOKIE_NAME",
    "SESSION_SECONDS",
    "AgentSessions",
    "Session",
    "SignInThrottle",
]

COOKIE_NAME = "kb_agent_session"
#: a working day; the cookie's Max-Age is the same
SESSION_SECONDS = 8 * 3600
_KEY_LABEL = b"kb agent web UI session key v1"
_MAX_COOKIE_CHARS = 300


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Session:
    """A signed-in agent's session: its id (random, never shown), when it ends, and whose it is."""

    id: str
    expires: int
    agent: str = ""
    generation: int = 0


@dataclass
class AgentSessions:
    """Issues and checks session cookies and CSRF tokens; remembers sign-outs until they expire."""

    signed_out: SignOuts = field(default_factory=MemorySignOuts)

    @classmethod
    def shared(cls, database_url: str) -> AgentSessions:
        """Sessions whose sign-outs every process using the database sees."""
        return cls(SharedSignOuts(database_url))

    @staticmethod
    def _key(secret: str) -> bytes:
        return hmac.new(secret.encode("utf-8"), _KEY_LABEL, hashlib.sha256).digest()

    @classmethod
    def _sign(cls, secret: str, message: str) -> str:
        return _b64(hmac.new(cls._key(secret), message.encode("ascii"), hashlib.sha256).digest())

    def issue(
        self, secret: str, now: float | None = None, agent: str = "admin", generation: int = 0
    ) -> tuple[Session, str]:
        """A new session of ``agent`` (at account ``generation``) and its cookie value."""
        started = int(now if now is not None else time.time())
        session = Session(secrets.token_urlsafe(18), started + SESSION_SECONDS, agent, generation)
        payload = f"{session.id}.{session.expires}.{generation}.{_b64(agent.encode('utf-8'))}"
        return session, f"{payload}.{self._sign(secret, payload)}"

    def check(self, secret: str, cookie: str, now: float | None = None) -> Session | None:
        """The session of a cookie value, or None when it is forged, expired, signed out or the
        UI is off (no secret). Whether its agent may still sign in is the caller's to check."""
        if not secret or not cookie or len(cookie) > _MAX_COOKIE_CHARS:
            return None
        payload, _, signature = cookie.rpartition(".")
        parts = payload.split(".")
        if len(parts) != 4 or not signature:
            return None
        session_id, expires, generation, agent = parts
        if not session_id or not expires.isdigit() or not generation.isdigit():
            return None
        expected = self._sign(secret, payload)
        if not hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode("ascii")):
            return None
        current = time.time() if now is None else now
        if int(expires) <= current or self.signed_out.holds(session_id, current):
            return None
        try:
            name = _unb64(agent).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return Session(session_id, int(expires), name, int(generation))

    def sign_out(self, session: Session, now: float | None = None) -> None:
        current = time.time() if now is None else now
        self.signed_out.add(session.id, session.expires, current)

    @classmethod
    def csrf_token(cls, secret: str, session: Session) -> str:
        """The session's CSRF token, masked afresh: a different string on every page."""
        raw = _unb64(cls._sign(secret, f"csrf.{session.id}"))
        pad = secrets.token_bytes(len(raw))
        return _b64(pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True)))

    @classmethod
    def csrf_ok(cls, secret: str, session: Session, token: str) -> bool:
        raw = _unb64(cls._sign(secret, f"csrf.{session.id}"))
        try:
            masked = _unb64(token.strip())
        except (ValueError, UnicodeEncodeError):
            return False
        if len(masked) != 2 * len(raw):
            return False
        pad, body = masked[: len(raw)], masked[len(raw) :]
        return hmac.compare_digest(bytes(a ^ b for a, b in zip(pad, body, strict=True)), raw)


@dataclass
class SignInThrottle:
    """Failed sign-ins per client: each one waits ``delay`` seconds; ``limit`` failures in a row
    refuse the client (even with the right token) until its bucket refills, one attempt per
    ``window / limit`` seconds. The same token-bucket limiter as feedback votes."""

    limit: int = 10
    window: float = 600.0
    delay: float = 0.5
    max_clients: int = 10_000
    database_url: str | None = None  # where every worker counts the failures; None: this process only
    _failures: RateLimiter = field(init=False, repr=False)

    def __post_init__(self) -> None:
        per_second = self.limit / self.window
        if self.database_url is not None:
            self._failures = RateLimiter.shared(self.database_url, "sign-in", self.limit, per_second)
        else:
            self._failures = RateLimiter(self.limit, per_second, self.max_clients, clock=time.time)

    def retry_after(self, client: str, now: float | None = None) -> int:
        """Seconds until ``client`` may try again (0: now)."""
        return self._failures.retry_after(client, now)

    def failed(self, client: str, now: float | None = None) -> None:
        self._failures.allow(client, now)

    def succeeded(self, client: str) -> None:
        self._failures.reset(client)
