"""PDF renders are bounded: one at a time per process, a hard time limit, a clear "busy" otherwise."""

from __future__ import annotations

import pytest

from wizard.documents import pdf
from wizard.documents.pdf import RenderBusy, RenderTimeout, render_pdf

SMALL = '<!DOCTYPE html><html lang="en-GB"><head><title>Plan</title></head><body><h1>Plan</h1></body></html>'
LONG = SMALL.replace("<h1>Plan</h1>", "<p>Every word of a very long plan.</p>" * 20000)


def test_a_render_over_its_time_limit_is_stopped_and_the_next_one_works():
    assert render_pdf(SMALL).startswith(b"%PDF")  # the renderer is started and warm
    first = pdf._renderer
    with pytest.raises(RenderTimeout):
        render_pdf(LONG, time_limit=0.2)
    assert pdf._renderer is None  # the runaway render's process was killed
    assert render_pdf(SMALL).startswith(b"%PDF")
    assert pdf._renderer is not first


def test_a_download_that_waits_too_long_for_the_renderer_is_told_it_is_busy():
    assert pdf._slots.acquire(timeout=5)  # another download is being made
    try:
        with pytest.raises(RenderBusy):
            render_pdf(SMALL, wait=0.05)
    finally:
        pdf._slots.release()
    assert render_pdf(SMALL).startswith(b"%PDF")


def test_the_renderer_runs_in_another_process_at_a_lower_priority():
    import os

    assert render_pdf(SMALL).startswith(b"%PDF")
    renderer = pdf._renderer
    assert renderer is not None and renderer.pid is not None
    assert renderer.pid != os.getpid()
    niceness = os.getpriority(os.PRIO_PROCESS, renderer.pid)
    assert niceness >= os.getpriority(os.PRIO_PROCESS, 0) + pdf.RENDER_NICENESS


def test_the_app_processes_never_load_weasyprint():
    import subprocess
    import sys

    check = (
        "import sys; from wizard.app import create_app; "
        "create_app({'WIZARD_ENV': 'test', 'SECRET_KEY': 'k' * 40, 'DATABASE_URL': 'sqlite://'}); "
        "sys.exit('weasyprint' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", check], check=False).returncode == 0


PROBE = """
import signal, sys, threading
from wizard.documents.pdf import render_pdf

if __name__ == "__main__":
    render_pdf(sys.argv[1])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # like gunicorn: finish, then exit
    print("ready", flush=True)
    stop.wait()
    sys.exit(0)
"""


def test_stopping_the_whole_process_group_stops_the_app_and_the_renderer_promptly(tmp_path):
    # What systemd does to gunicorn: SIGTERM to every process of the group, renderer included.
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    app = subprocess.Popen(
        [sys.executable, str(script), SMALL],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert app.stdout is not None and app.stdout.readline().strip() == "ready"
        started = time.monotonic()
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(timeout=15)
        assert time.monotonic() - started < 5
        assert app.returncode == 0
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait()
        if app.stdout is not None:
            app.stdout.close()


def test_a_renderer_that_dies_is_replaced_at_the_next_download():
    import os
    import signal

    assert render_pdf(SMALL).startswith(b"%PDF")
    renderer = pdf._renderer
    assert renderer is not None and renderer.pid is not None
    os.kill(renderer.pid, signal.SIGKILL)
    renderer.process.join(5)
    with pytest.raises(pdf.RenderFailed):
        render_pdf(SMALL)
    assert render_pdf(SMALL).startswith(b"%PDF")
