"""Fetching feeds and pages over http(s), with the limits a crawler owes the machine and network it runs in."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Private, loopback and link-local addresses are refused by default, so that a feed cannot make
    eventwire probe the network it runs in; tests and intranet feeds opt in with `allow_private`."""

    allow_private: bool = False
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = "eventwire/0.1 (+news event extraction)"


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason, fit for an error line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A body and what tells how to read it: where it ended up after redirects, and its Content-Type."""

    url: str
    content: bytes
    content_type: str | None


def fetch(url: str, policy: FetchPolicy | None = None) -> bytes:
    """GET a URL's body; raises FetchError with the reason."""
    return fetch_response(url, policy).content


def fetch_response(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET a URL.

    Redirects are followed by hand so that every hop passes the scheme and address checks. The
    address check resolves the host before httpx connects (and resolves again): a host that answers
    differently the second time (DNS rebinding) is not caught; pinning the checked address would
    need a custom transport. Proxy settings from the environment are ignored (`trust_env=False`),
    since through a proxy the address check would say nothing.
    """
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.timeout
    current = url
    with httpx.Client(
        timeout=policy.timeout,
        follow_redirects=False,
        headers={"User-Agent": policy.user_agent},
        trust_env=False,
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            check_url(current, policy)
            try:
                with client.stream("GET", current) as response:
                    if response.next_request is not None:
                        current = str(response.next_request.url)
                        continue
                    if not response.is_success:
                        raise FetchError(f"{current}: HTTP {response.status_code} {response.reason_phrase}")
                    content = _read_limited(response, current, policy, deadline)
                    return Fetched(current, content, response.headers.get("content-type"))
            except httpx.TimeoutException as exc:
                raise FetchError(f"{current}: timed out after {policy.timeout:g} s") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from exc
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects")


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse what a news fetcher has no business reaching: other schemes, and unless allowed,
    hosts with any non-public address. Raises FetchError with the reason."""
    try:
        parts = urlsplit(url)
        port = parts.port  # urlsplit checks the port only when asked
    except ValueError as exc:
        raise FetchError(f"{url}: refused: malformed URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            f"{url}: refused: only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}"
        )
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: refused: the URL has no host")
    if policy.allow_private:
        return
    try:
        default_port = 443 if parts.scheme.lower() == "https" else 80
        infos = socket.getaddrinfo(host, port or default_port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # UnicodeError: a host name IDNA cannot encode
        raise FetchError(f"{url}: cannot resolve host {host}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        kind = non_public_kind(address)
        if kind:
            raise FetchError(
                f"{url}: refused: {host} resolves to {kind} address {address} "
                "(private/loopback addresses are fetched only with allow_private)"
            )


def non_public_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What makes an address off limits, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    checks = (  # specific kinds first: Python counts all of these as private too
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),  # e.g. 100.64.0.0/10, shared carrier-grade NAT space
    )
    return next((kind for kind, matches in checks if matches), None)


def _read_limited(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, stopping as soon as it is too big or too slow: httpx's timeout is per read, so a
    server trickling bytes needs the overall deadline too."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"{url}: response of {declared} bytes is over the limit of {policy.max_bytes} bytes")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > policy.max_bytes:
            raise FetchError(f"{url}: response is over the limit of {policy.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: timed out after {policy.timeout:g} s")
    return bytes(body)
