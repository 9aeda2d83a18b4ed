"""The request body limit."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Refuses a request body over `max_bytes` with 413 before the app reads any of it.

    Starlette limits only multipart parts and uvicorn nothing, so this is ours: a declared
    Content-Length is checked at once (the server never passes on more than it declares), and a
    chunked body is counted as it arrives and buffered, at most `max_bytes`, to be replayed.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _refuse(
                    400, f"Content-Length is not a number of bytes: {declared!r}", scope, receive, send
                )
            elif int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        if "chunked" not in headers.get("transfer-encoding", "").lower():
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        reason = (
            f"the request body is larger than the limit of {self.max_bytes} bytes "
            "(EVENTWIRE_MAX_BODY_BYTES or eventwire serve --max-body-bytes): send fewer articles at a time"
        )
        await _refuse(413, reason, scope, receive, send)


async def _refuse(status: int, reason: str, scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"detail": reason}, status_code=status, headers={"Connection": "close"})(
        scope, receive, send
    )
