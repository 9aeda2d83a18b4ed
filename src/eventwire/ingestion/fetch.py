"""Fetching feeds and pages over http(s) with the limits a crawler owes the machines it runs on."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Private, loopback and link-local addresses are refused by default so that a feed cannot make
    eventwire probe the network it runs in; tests and intranet feeds opt in with `allow_private`."""

    allow_private: bool = False
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = "eventwire/0.1 (+news event extraction)"


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason, fit for an error line."""


def _check_address(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            f"refused: only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}"
        )
    if not parts.hostname:
        raise FetchError("refused: the URL has no host")
    if policy.allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot resolve host {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"refused: {parts.hostname} resolves to private/loopback address {address} "
                "(use --allow-private to allow it)"
            )


def fetch(url: str, policy: FetchPolicy | None = None) -> bytes:
    """GET a URL; redirects are followed by hand so that every hop passes the address check."""
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout
    headers = {"User-Agent": policy.user_agent}
    current = url
    with httpx.Client(timeout=policy.timeout, follow_redirects=False, headers=headers) as client:
        for _hop in range(policy.max_redirects + 1):
            _check_address(current, policy)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchError(f"HTTP {response.status_code} from {current}")
                    return _read_limited(response, policy, deadline)
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out after {policy.timeout:g} s fetching {current}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc}") from exc
    raise FetchError(f"more than {policy.max_redirects} redirects from {url}")


def _read_limited(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"response of {declared} bytes is over the limit of {policy.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"response is over the limit of {policy.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {policy.timeout:g} s reading {response.url}")
        chunks.append(chunk)
    return b"".join(chunks)
