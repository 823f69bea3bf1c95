"""The site as a visitor meets it, for the tests that need a real server or a real browser.

  datasette_serving(argv)  a real `datasette serve ARGV` process on a free port of 127.0.0.1, waited for
                           until /-/versions.json answers, stopped at the end (test_browser,
                           test_planner_reading, test_hostile_serving, test_faults_serving)
  browser_tab(...)         a new browser tab in a context of its own: the test's screen size, the
                           server's address as base URL, a 10 s timeout and the shared timings
                           (test_browser, test_area_browser, test_assess_browser)
  send_a_file_from_the_computer(...)  a planner's own file read into a form in the browser and sent
"""
import json
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATASETTE = ROOT / ".venv" / "bin" / "datasette"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def datasette_serving(argv, start_within=60):
    """`datasette serve ARGV --host 127.0.0.1 --port <free>`: yields (base URL, process) once it answers.

    Fails the test with the end of Datasette's error output if it exits or does not answer within
    start_within seconds. Its error output goes to a file, so a long run never blocks on a full pipe.
    Terminated at the end, killed if it has not stopped 10 s later."""
    port = free_port()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([str(DATASETTE), "serve", *argv, "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_within
            while True:
                try:
                    urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        process.kill()
                        process.wait()
                        errors.seek(0)
                        pytest.fail(f"datasette did not start within {start_within} s: "
                                    + errors.read().decode("utf-8", "replace")[-2000:])
                    time.sleep(0.2)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def browser_tab(browser, base_url, timings, viewport, device_scale_factor=None, **marks):
    """A tab of its own (a new context) on the served site; marks (size_name=, width=) are set on the tab
    for the tests' reports. Closed at the end."""
    options = {"viewport": viewport, "base_url": base_url}
    if device_scale_factor is not None:
        options["device_scale_factor"] = device_scale_factor
    context = browser.new_context(**options)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.timings = timings
    for name, value in marks.items():
        setattr(tab, name, value)
    try:
        yield tab
    finally:
        context.close()


def send_a_file_from_the_computer(tab, path, opener, file_input, field, read_when, button):
    """A planner's own file opened in a form (nothing uploaded: the page's script reads it into a field):
    open the part of the form (opener, a selector to click), choose the file, wait until the field
    (its id) holds read_when, then press the button (its name)."""
    tab.locator(opener).click()
    tab.locator(file_input).set_input_files(str(path))
    tab.wait_for_function(f"() => document.getElementById({json.dumps(field)}).value.includes({json.dumps(read_when)})")
    tab.get_by_role("button", name=button).click()
