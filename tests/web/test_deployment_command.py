"""The README's gunicorn command leaves TRUSTED_PROXIES as the only switch for proxy headers.

gunicorn itself believes `X-Forwarded-Proto` from the addresses in its `forwarded_allow_ips`
(127.0.0.1 by default), whatever the app is told. The README's command turns that off, so only
TRUSTED_PROXIES decides whether the app trusts a proxy. These tests run that command as written.
"""

from __future__ import annotations

import os
import re
import shlex
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.benchmarks.http_load import free_port
from tests.conftest import TEST_SECRET_KEY
from tests.support.servers import running
from wizard import PROJECT_ROOT

HSTS = "Strict-Transport-Security"


def readme_gunicorn_command() -> list[str]:
    """The gunicorn command of the README's Deploying section, split as a shell would."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    deploying = readme.split("## Deploying", 1)[1]
    line = next(line for line in deploying.splitlines() if line.startswith(".venv/bin/gunicorn"))
    return shlex.split(line)


@contextmanager
def served(command: list[str], database_url: str, tmp_path: Path, **env: str) -> Iterator[str]:
    """Run the command on a free port with production settings; yield its address."""
    port = free_port()
    argv = list(command)
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"  # one is enough to see what a request looks like
    # Only the command decides what gunicorn trusts, not a FORWARDED_ALLOW_IPS left in the shell.
    inherited = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"}
    settings = {
        **inherited,
        "WIZARD_ENV": "production",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATA_KEY": "ab" * 32,
        "PUBLIC_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "WIZARD_INSTANCE_PATH": str(tmp_path),
        **env,
    }
    with running(
        argv, port, cwd=PROJECT_ROOT, env=settings, log=tmp_path / f"gunicorn-{port}.log"
    ) as url:
        yield url


def headers_for_https_claim(url: str) -> dict[str, str]:
    """Ask for the start page as a proxy on 127.0.0.1 would, saying the browser used HTTPS."""
    request = urllib.request.Request(
        url + "/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers)


def test_the_readme_command_names_the_app_and_the_forwarded_ips_setting():
    command = readme_gunicorn_command()
    assert command[:2] == [".venv/bin/gunicorn", "wsgi:app"]
    at = command.index("--forwarded-allow-ips")
    assert command[at + 1] == ""  # gunicorn trusts no address itself


def test_without_trusted_proxies_a_forwarded_https_claim_is_ignored(database_url, tmp_path):
    with served(readme_gunicorn_command(), database_url, tmp_path, TRUSTED_PROXIES="0") as url:
        assert HSTS not in headers_for_https_claim(url)


def test_with_one_trusted_proxy_the_claim_is_believed(database_url, tmp_path):
    with served(readme_gunicorn_command(), database_url, tmp_path, TRUSTED_PROXIES="1") as url:
        assert HSTS in headers_for_https_claim(url)


def test_gunicorns_own_default_would_believe_it_without_trusted_proxies(database_url, tmp_path):
    # Why the README sets the option: without it, gunicorn trusts 127.0.0.1 on its own.
    command = readme_gunicorn_command()
    at = command.index("--forwarded-allow-ips")
    del command[at : at + 2]
    with served(command, database_url, tmp_path, TRUSTED_PROXIES="0") as url:
        assert HSTS in headers_for_https_claim(url)


def test_the_readme_says_why():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"--forwarded-allow-ips\s+''", readme)
    assert "TRUSTED_PROXIES" in readme.split("## Deploying", 1)[1]
