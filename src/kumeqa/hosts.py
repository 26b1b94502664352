"""Who may talk to the web app: the Host and Origin of every request, and an optional login.

Binding 127.0.0.1 keeps other machines out, not other web pages. A page on
``evil.example`` can point its own name at 127.0.0.1 (DNS rebinding) and then read
and post to the app as if it were the app's own page; the browser still sends
``Host: evil.example``. Any page may also send a cross-origin form POST (an upload,
say): CORS hides the response from the page, it does not stop the request. Gradio
checks neither (its CORS middleware only withholds headers). So:

* a request is served only when its ``Host`` names the bound host, a loopback name
  or a name given with ``--allowed-host`` (Starlette's ``TrustedHostMiddleware``,
  which answers 400 otherwise);
* a request that carries an ``Origin`` is served only when that origin names one of
  the same hosts (403 otherwise; ``Origin: null`` is refused too).

Both are plain ASGI middleware handed to Gradio's FastAPI app through
``launch(app_kwargs={"middleware": ...})``, so they see every route, including file
and upload routes. Login (``--auth user:password``) is Gradio's own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
#: Binding these listens on every interface: they name no host a browser would send.
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def _host_name(host: str) -> str:
    """How a host appears in a ``Host`` header: lower case, IPv6 literals in brackets."""
    host = host.strip().lower()
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the app on this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind_host: str, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Host names a request may carry: loopback, the bound host (unless a wildcard) and ``extra``."""
    names = list(LOOPBACK_NAMES)
    if bind_host.strip() not in WILDCARD_BINDS:
        names.append(_host_name(bind_host))
    names += [_host_name(name) for name in extra if name.strip()]
    return tuple(dict.fromkeys(names))


def _matches(host: str, patterns: Sequence[str]) -> bool:
    return any(host == p or (p.startswith("*.") and host.endswith(p[1:])) for p in patterns)


class OriginGuard:
    """Refuse requests whose ``Origin`` is another site's (cross-site posts, rebinding pages)."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.allowed = [p.strip("[]") if not p.startswith("*") else p for p in allowed]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        origin = Headers(scope=scope).get("origin")
        if origin is None or _matches((urlsplit(origin).hostname or "").lower(), self.allowed):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await WebSocketClose(code=1008)(scope, receive, send)
        else:
            await PlainTextResponse("Cross-origin request refused", status_code=403)(scope, receive, send)


def middleware(bind_host: str, extra: Sequence[str] = ()) -> list[Middleware]:
    """The Host and Origin checks, for ``launch(app_kwargs={"middleware": ...})``."""
    names = list(allowed_hosts(bind_host, extra))
    return [
        Middleware(TrustedHostMiddleware, allowed_hosts=names, www_redirect=False),
        Middleware(OriginGuard, allowed=names),
    ]


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``user:password`` (from ``--auth`` or ``KUMEQA_AUTH``) as Gradio's auth pair; ``None`` when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth / KUMEQA_AUTH must be 'user:password' (both non-empty)")
    return user, password


def launch_warnings(bind_host: str, auth: tuple[str, str] | None, extra: Sequence[str] = ()) -> list[str]:
    """What to say at start when the app is reachable from other machines."""
    if is_loopback(bind_host):
        return []
    warnings = []
    if auth is None:
        warnings.append(
            f"warning: listening on {bind_host} without --auth: anyone who can reach this machine can use the app"
            " (set --auth user:password or KUMEQA_AUTH, or bind 127.0.0.1)"
        )
    if bind_host.strip() in WILDCARD_BINDS and not extra:
        warnings.append(
            f"warning: {bind_host} names no host: requests are accepted only for localhost and 127.0.0.1"
            " until you add the names others use with --allowed-host NAME"
        )
    return warnings
