"""The site in two processes (`WORKERS=2 scripts/publish serve`, catalogue_site/workers.py): 20
planners' kept-alive connections are served by both processes, not all by one (issue 25, third
round: `uvicorn --workers 2` gave one process all 20), and a bad start says what was wrong."""
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launcher(args, db=None):
    env = dict(os.environ, CATALOGUE_SERVE_ARGS=f"-i {db} -m {ROOT / 'metadata.yml'}" if db else "")
    return subprocess.Popen([sys.executable, "-m", "catalogue_site.workers", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def connections_by_process(pids, port):
    """{pid: established connections on the port it holds}, read from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":   # 01: ESTABLISHED
                inodes.add(fields[9])
    counts = {}
    for pid in pids:
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            found = re.fullmatch(r"socket:\[(\d+)\]", target)
            held += bool(found and found.group(1) in inodes)
        counts[pid] = held
    return counts


def test_twenty_planners_are_served_by_both_processes(built_catalogue):
    port = free_port()
    server = launcher(["--workers", "2", "--port", str(port)], built_catalogue)
    conns = []
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                probe.request("GET", "/-/versions.json")
                assert probe.getresponse().status == 200
                probe.close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()[-500:]
                assert time.monotonic() < deadline, "the site did not start"
                time.sleep(0.3)
        children = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
        assert len(children) == 2
        for _ in range(20):   # 20 planners, each keeping its connection open (as wrk -c20 does)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/catalogue/courses?_search=infant")
            response = conn.getresponse()
            assert response.status == 200
            response.read()
            conns.append(conn)
        counts = connections_by_process(children, port)
        assert sum(counts.values()) == 20, counts
        assert all(count >= 1 for count in counts.values()), counts   # all 20 on one: about 2 in a million
    finally:
        for conn in conns:
            conn.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.parametrize("workers", ["0", "-1"])
def test_no_process_to_run_is_refused_in_one_line(workers):
    done = launcher(["--workers", workers, "--port", str(free_port())])
    out, err = done.communicate(timeout=60)
    assert done.returncode == 2
    assert err.strip().count("\n") == 0 and "--workers must be at least 1" in err and "Traceback" not in err


def test_a_port_another_program_holds_is_refused_in_one_line():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        done = launcher(["--workers", "2", "--port", str(held.getsockname()[1])])
        out, err = done.communicate(timeout=60)
    assert done.returncode == 2
    assert err.strip().count("\n") == 0 and "cannot listen on 127.0.0.1:" in err and "choose another --port" in err
