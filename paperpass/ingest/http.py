"""HTTP for ingest: one session, timeouts, polite spacing, retries with backoff and Retry-After.

Every network read in ingest (arXiv API pages, feeds, PDFs) goes through `fetch` (and a streamed body
through `iter_body`), so the politeness and failure rules live in one place.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urlsplit

from paperpass import __version__
from paperpass.errors import FetchError, InvalidInput

USER_AGENT = f"paperpass/{__version__} (terminal reading assistant)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ALLOWED_SCHEMES = ("http", "https")

# Replaced in tests to record the waits instead of sleeping through them.
# progress(what, done, total): total None when unknown; may be called from worker threads.
Progress = Callable[[str, int, "int | None"], None]

sleep: Callable[[float], None] = time.sleep


@dataclass
class RetryPolicy:
    timeout: float = 30.0  # seconds to connect and between bytes
    retries: int = 3  # extra tries after the first
    backoff: float = 2.0  # first wait; doubles each retry
    max_wait: float = 120.0  # a longer Retry-After means "come back later", not "wait here"


class Pacer:
    """Spaces request starts per host: arXiv asks for one request every 3 s.

    Thread-safe, so concurrent PDF downloads share one schedule per host.
    """

    def __init__(self, delay: float) -> None:
        self.delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    _shared: ClassVar[dict[float, Pacer]] = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, delay: float) -> Pacer:
        """One schedule per process for a delay, so back-to-back sources (categories, then queries,
        then a blog's id lookups) still leave `delay` seconds between calls to the same host."""
        with cls._shared_lock:
            if delay not in cls._shared:
                cls._shared[delay] = cls(delay)
            return cls._shared[delay]

    def wait(self, url: str) -> None:
        if not self.delay:
            return
        host = urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.delay
        if start > now:
            sleep(start - now)


def is_http_url(url: str | None) -> bool:
    """True for http(s) URLs only: file:, javascript:, data: and the rest are never followed."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.netloc)


def require_http_url(url: str) -> str:
    if not is_http_url(url):
        raise InvalidInput(f"refusing to fetch {url[:80]!r}: only http and https links are followed")
    return url.strip()


def new_session():
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.max_redirects = 5
    return session


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = parse_http_date(value)
    if when is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def parse_http_date(value: str) -> datetime | None:
    """An RFC 822 / HTTP date as an aware UTC datetime; None when it cannot be read."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def fetch(session, url: str, *, headers: dict | None = None, stream: bool = False,
          policy: RetryPolicy | None = None, pacer: Pacer | None = None, what: str | None = None):
    """GET `url`, retrying timeouts, dropped connections, 429 and 5xx with backoff (Retry-After wins).

    Returns the response for any other status (the caller decides what 404 means).
    Raises FetchError when every try failed or the server asks to wait too long.
    """
    import requests

    policy = policy or RetryPolicy()
    what = what or url
    require_http_url(url)
    error = ""
    for attempt in range(policy.retries + 1):
        if pacer:
            pacer.wait(url)
        wait = policy.backoff * (2 ** attempt)
        try:
            response = session.get(url, headers=headers, stream=stream, timeout=policy.timeout)
        except requests.Timeout:
            error = f"no answer within {policy.timeout:g} s"
        except requests.exceptions.InvalidSchema as exc:
            # A redirect to file:// or similar lands here: never followed.
            raise FetchError(f"{what}: redirected to a non-http(s) link ({exc})") from exc
        except requests.TooManyRedirects as exc:
            raise FetchError(f"{what}: too many redirects") from exc
        except requests.ConnectionError as exc:
            error = f"cannot connect ({_short(exc)})"
            if attempt >= 1 and not _dropped(exc):
                break  # refused or unknown host twice: a wrong address, not a blip worth 14 s of backoff
        except requests.RequestException as exc:
            raise FetchError(f"{what}: {_short(exc)}") from exc
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            error = f"HTTP {response.status_code} {response.reason or ''}".strip()
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            response.close()
            if asked is not None:
                if asked > policy.max_wait:
                    raise FetchError(f"{what}: server busy ({error}), it asks to retry after {asked:.0f} s; "
                                     "try again later")
                wait = max(asked, 0.0)
        if attempt < policy.retries:
            sleep(min(wait, policy.max_wait))
    raise FetchError(f"{what}: {error} (after {attempt + 1} tries)")


def iter_body(response, chunk_size: int, what: str):
    """A streamed response's body in chunks. A body its Content-Encoding cannot undo (plain bytes labelled
    gzip) fails while it is read, inside requests: that is a FetchError with one line, not a traceback."""
    import requests

    try:
        yield from response.iter_content(chunk_size)
    except requests.exceptions.ContentDecodingError as exc:
        encoding = response.headers.get("Content-Encoding") or "compressed"
        raise FetchError(f"{what}: the server's answer says it is {encoding}-compressed but cannot be "
                         "decompressed") from exc


def web_encoding(label: str | None) -> str | None:
    """Python's codec for a charset label as browsers read it, None for a label it does not know. The Encoding
    Standard reads "iso-8859-1" and "ascii" as windows-1252: pages and feeds labelled so are mostly written in
    it, with its quotes and dashes at 0x80-0x9F (C1 controls in true Latin-1)."""
    import codecs

    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def http_error(response, what: str) -> FetchError:
    reason = f" {response.reason}" if response.reason else ""
    if response.status_code == 404:
        return FetchError(f"{what}: not found (HTTP 404)")
    return FetchError(f"{what}: HTTP {response.status_code}{reason}")


def _dropped(exc: BaseException) -> bool:
    """A connection that was made and then lost (worth retrying), as opposed to one never made."""
    text = str(exc)
    return any(s in text for s in ("RemoteDisconnected", "reset by peer", "Connection aborted", "IncompleteRead"))


def _short(exc: BaseException) -> str:
    """The readable core of a requests/urllib3 error ("Connection refused", not three wrapped reprs)."""
    text = str(exc)
    m = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if m:
        return m.group(1).strip()
    for known in ("Name or service not known", "Connection refused", "timed out", "Connection reset by peer",
                  "Remote end closed connection without response"):
        if known in text:
            return known
    if "(Caused by" in text:
        text = text.split("(Caused by", 1)[1].rstrip(")")
    return text.strip()[:200]
