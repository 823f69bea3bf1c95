"""Read-only serving: every request other than GET, HEAD or OPTIONS is answered 405.

One hook: `asgi_wrapper`. The catalogue is published read-only (immutable mode, no write
canned queries, no write plugins); this makes it so at the door too. It also spares
Datasette 0.65's answer to a POST on a read-only canned query, which is a 500.
"""
ALLOWED = {"GET", "HEAD", "OPTIONS"}


def asgi_wrapper():
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET").upper() not in ALLOWED:
                body = b"This catalogue is read-only: only GET requests are answered.\n"
                await send({"type": "http.response.start", "status": 405, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS"),
                    (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap
