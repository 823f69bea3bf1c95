"""The site in several processes: `python -m catalogue_site.workers --workers N --host H --port P`.

`datasette serve` runs one process, and one Python process renders one page at a time (the
GIL): on a 2-core machine a second process serves a second planner in parallel (issue 25,
docs/benchmarks.md). Each process builds the same Datasette `datasette serve` would, from the
same arguments, given in CATALOGUE_SERVE_ARGS (everything after `datasette serve`, e.g.
scripts/publish's `-i catalogue.db --inspect-file build/inspect-data.json -m metadata.yml --setting ...`).
scripts/publish serve does this when WORKERS is set.

Each process binds the port itself (SO_REUSEPORT), so the kernel shares new connections between
them. `uvicorn --workers N` binds it once for all: whichever process is first to accept takes
every waiting connection, and 20 planners' kept-alive connections all went to one of two
processes (docs/benchmarks.md, third round). `uvicorn --factory catalogue_site.workers:app`
still builds the same app.
"""
import argparse
import os
import shlex
import signal
import socket
import sys


def app():
    from datasette.cli import serve

    args = shlex.split(os.environ.get("CATALOGUE_SERVE_ARGS", ""))
    ctx = serve.make_context("serve", args)
    ctx.params["return_instance"] = True
    with ctx:
        datasette = serve.invoke(ctx)
    return datasette.app()


def bound_socket(host, port):
    """A listening socket of this process's own on host:port, shared with the others by the kernel."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve_one(sock, log_level):
    import uvicorn

    config = uvicorn.Config("catalogue_site.workers:app", factory=True, access_log=False, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m catalogue_site.workers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2") or 2))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    if args.workers < 1:
        print(f"error: --workers must be at least 1 (was {args.workers}); give the number of processes to run",
              file=sys.stderr)
        return 2
    if not hasattr(socket, "SO_REUSEPORT"):
        print("error: this system cannot share a port between processes (no SO_REUSEPORT); "
              "use `scripts/publish serve` without WORKERS", file=sys.stderr)
        return 2
    try:
        sockets = [bound_socket(args.host, args.port) for _ in range(args.workers)]
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port} ({exc.strerror}); choose another --port",
              file=sys.stderr)
        return 2
    children = []
    for sock in sockets:
        pid = os.fork()
        if pid == 0:
            for other in sockets:
                if other is not sock:
                    other.close()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            serve_one(sock, args.log_level)
            os._exit(0)
        children.append(pid)
    for sock in sockets:
        sock.close()

    def stop(signum, frame):
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    while children:  # one process gone (a crash, or stopped): stop the others and leave
        try:
            pid, code = os.wait()
        except ChildProcessError:
            break
        if pid in children:
            children.remove(pid)
            status = status or (os.waitstatus_to_exitcode(code) if code else 0)
            stop(None, None)
    return 0 if status in (0, -signal.SIGTERM) else 1


if __name__ == "__main__":
    sys.exit(main())
