"""The first PDF after a start is as fast as the rest: each serving process starts its renderer and
warms it up (WeasyPrint imported, fonts loaded, one small document with the real print styles)
before any family asks for a PDF. Test runs never start one they do not ask for."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from tests.benchmarks.http_load import gunicorn, production_env
from wizard import PROJECT_ROOT
from wizard.documents import pdf
from wizard.documents.pdf import RenderBusy, Renderer, render_pdf

SMALL = '<!DOCTYPE html><html lang="en-GB"><head><title>Plan</title></head><body><h1>Plan</h1></body></html>'
LONG = SMALL.replace("<h1>Plan</h1>", "<p>Every word of a long plan.</p>" * 400)


def pages(document: bytes) -> int:
    with pikepdf.open(io.BytesIO(document)) as opened:
        return len(opened.pages)


def test_the_warm_up_document_uses_the_real_print_styles_and_both_font_weights():
    from wizard.documents import renderer

    html = renderer.warm_up_document()
    styles = (PROJECT_ROOT / "templates" / "documents" / "_print.css.html").read_text()
    assert "Liberation Sans" in styles and '"Liberation Sans"' in html
    assert "counter(pages)" in html  # the page footer, as in every real document
    assert "<strong>" in html and "<table" in html and 'class="cover"' in html
    assert pages(renderer.render(html)) >= 2  # the cover page and the plan, like the real plan


def test_a_download_that_comes_during_the_warm_up_waits_for_it_and_gets_its_pdf():
    renderer = Renderer()  # warming up: starting Python and WeasyPrint takes a second or more
    try:
        document = renderer.render(SMALL, time_limit=20, warm_wait=60)
        assert pages(document) == 1
    finally:
        renderer.stop()


def test_a_download_waits_for_the_warm_up_only_so_long_and_nothing_is_left_queued():
    renderer = Renderer(warm_up=LONG)  # a warm-up that takes a while
    try:
        with pytest.raises(RenderBusy):
            renderer.render(LONG, time_limit=20, warm_wait=0.01)
        # The next download gets its own document, not the one that gave up waiting.
        assert pages(renderer.render(SMALL, time_limit=20, warm_wait=60)) == 1
    finally:
        renderer.stop()


def test_a_started_renderer_is_warm_before_the_first_download():
    renderer = Renderer()
    try:
        assert renderer.wait_until_warm(30)
        assert renderer.warm_seconds is not None and renderer.warm_seconds > 0
        assert renderer.renders == 0  # the warm-up is not counted against the 200 documents
    finally:
        renderer.stop()


def test_a_renderer_due_for_replacement_is_replaced_at_once_when_kept_warm(monkeypatch):
    monkeypatch.setattr(pdf, "RENDERS_PER_PROCESS", 1)
    monkeypatch.setattr(pdf, "_keep_warm", True)
    try:
        assert render_pdf(SMALL).startswith(b"%PDF")
        replacement = pdf._renderer
        assert replacement is not None and replacement.renders == 0  # already started, warming
        assert render_pdf(SMALL).startswith(b"%PDF")
    finally:
        pdf._stop_renderer()


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    settings = {k: v for k, v in os.environ.items() if k != "WIZARD_ENV"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={**settings, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


APP = (
    "import multiprocessing, sys\n"
    "from wizard.app import create_app\n"
    "if __name__ == '__main__':\n"
    "    create_app({'WIZARD_ENV': 'production', 'SECRET_KEY': 'k' * 40, 'DATA_KEY': 'ab' * 32,\n"
    "                'PUBLIC_URL': 'https://127.0.0.1', 'DATABASE_URL': 'sqlite://'%s})\n"
    "    print([p.name for p in multiprocessing.active_children()])\n"
    "    print('weasyprint' in sys.modules)\n"
)


def test_a_serving_app_starts_its_renderer_at_once_without_loading_weasyprint_itself():
    result = _run(APP % "")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["['pdf-renderer']", "False"]


def test_an_app_made_in_a_test_run_starts_no_renderer_unless_asked():
    result = _run(APP % "", WIZARD_ENV="test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "[]"
    asked = _run(APP % ", 'PDF_WARM_START': True", WIZARD_ENV="test")
    assert asked.stdout.split("\n")[0] == "['pdf-renderer']", asked.stderr


FORK = """
import os, sys
from wizard.documents import pdf

if __name__ == "__main__":
    if sys.argv[2] == "warm":
        pdf.start_warm()
    assert pdf.render_pdf(sys.argv[1]).startswith(b"%PDF")
    parents = pdf._renderer.pid
    child = os.fork()
    if child == 0:  # like a gunicorn worker forked from a master that made the app (--preload)
        if sys.argv[2] == "warm":
            assert pdf._renderer is not None, "a warm parent's child starts its own at once"
        assert pdf.render_pdf(sys.argv[1]).startswith(b"%PDF")
        assert pdf._renderer.pid != parents, "the child used its parent's renderer"
        sys.exit(0)  # a normal exit: atexit runs, as in a worker that stops
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child failed"
    assert pdf._renderer is None, "the parent stopped its renderer before forking"
    assert pdf.render_pdf(sys.argv[1]).startswith(b"%PDF"), "the parent cannot render after a fork"
    print("ok")
"""


@pytest.mark.parametrize("start", ["warm", "at-first-download"])
def test_a_forked_process_gets_its_own_renderer_and_leaves_its_parents_alone(
    tmp_path: Path, start: str
):
    script = tmp_path / "fork.py"
    script.write_text(FORK)
    result = subprocess.run(
        [sys.executable, str(script), SMALL, start],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},  # this tree's wizard, not another
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it yet


@pytest.mark.xdist_group("servers")  # it starts gunicorn, like tests/web/test_deployment_command.py
def test_each_gunicorn_worker_has_its_own_renderer_from_the_start_and_stops_it(tmp_path: Path):
    # README: gunicorn wsgi:app --workers 2 --threads 16 (no --preload: each worker makes the app).
    from wizard.storage.migrate import upgrade

    database_url = f"sqlite:///{tmp_path}/wizard.db"
    upgrade(database_url)
    master: list[int] = []
    renderers: list[int] = []
    with gunicorn("wsgi:app", env=production_env(database_url), workers=2, threads=16, pids=master):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            workers = _children(master[0])
            renderers = [
                child
                for worker in workers
                for child in _children(worker)
                if "spawn_main" in _command(child)  # not its resource tracker
            ]
            if len(workers) == 2 and len(renderers) == 2:
                break
            time.sleep(0.2)
        assert len(workers) == 2
        # One renderer under each worker, before any download, and none under the master.
        assert sorted(len([c for c in _children(w) if c in renderers]) for w in workers) == [1, 1]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in renderers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in renderers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "a renderer outlived gunicorn"
