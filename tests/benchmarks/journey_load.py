"""Load the question pages as families do: each client has its own saved answers and alternates
GET and POST (a real database write each time), one wrk connection per thread so each keeps its state."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.benchmarks.http_load import WRK_REPORT, Load, ensure_wrk, load_from_report, measure

#: Each wrk thread is one family: GET the page, read its answer version, POST the other answer.
WRK_JOURNEY = """
local sessions = dofile(os.getenv("WRK_SESSIONS_FILE"))
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
end
function init(args)
  local s = sessions[tonumber(wrk.thread:get("index"))]
  cookie, token, version, flip, posting = s.cookie, s.token, "1", false, false
end
function request()
  posting = not posting
  if not posting then
    return wrk.format("GET", "/questions/lives_in_area", {["Cookie"] = cookie})
  end
  flip = not flip
  local body = "csrf_token=" .. token .. "&answer_version=" .. version .. "&lives_in_area=" .. (flip and "no" or "yes")
  return wrk.format("POST", "/questions/lives_in_area",
    {["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 200 then
    local found = string.match(body, 'name="answer_version" value="(%d+)"')
    if found then version = found end
  end
end
"""


def _start_session(base_url: str) -> dict[str, str]:
    """Answer the first questions in a fresh browser session; return its cookie and CSRF token.

    The cookie is carried by hand: in production mode it is Secure, and this runs over plain HTTP.
    """
    with urllib.request.urlopen(base_url + "/questions/respondent", timeout=10) as response:
        page = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    for node, value in (("respondent", "parent_carer"), ("lives_in_area", "yes")):
        form = urllib.parse.urlencode(
            {"csrf_token": token, "answer_version": "0", node: value}
        ).encode()
        request = urllib.request.Request(
            base_url + f"/questions/{node}", data=form, headers={"Cookie": cookie}
        )
        with no_redirects.open(request, timeout=10) as response:
            if response.headers.get("Set-Cookie"):
                cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    return {"cookie": cookie, "token": urllib.parse.quote(token, safe="")}


class _KeepRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class _Opener:
    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(_KeepRedirect)

    def open(self, request: urllib.request.Request, timeout: int):  # type: ignore[no-untyped-def]
        try:
            return self.opener.open(request, timeout=timeout)
        except (
            urllib.error.HTTPError
        ) as error:  # a 302 arrives here when redirects are not followed
            if error.code == 302:
                return error
            raise


no_redirects = _Opener()


def measure_journey(base_url: str, clients: int = 20, seconds: int = 8) -> tuple[Load, int]:
    """Run `clients` families against the question page; return the load and the page's size in bytes."""
    sessions = [_start_session(base_url) for _ in range(clients)]
    lua_table = (
        "return {"
        + ",".join(
            "{cookie=" + json.dumps(s["cookie"]) + ", token=" + json.dumps(s["token"]) + "}"
            for s in sessions
        )
        + "}"
    )
    with urllib.request.urlopen(base_url + "/questions/respondent", timeout=10) as response:
        size = len(response.read())
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        sessions_file = Path(tmp) / "sessions.lua"
        sessions_file.write_text(lua_table)
        script = Path(tmp) / "journey.lua"
        script.write_text(WRK_JOURNEY + WRK_REPORT)
        env = {**os.environ, "WRK_SESSIONS_FILE": str(sessions_file)}
        result = subprocess.run(
            [wrk, f"-t{clients}", f"-c{clients}", f"-d{seconds}s", "-s", str(script), base_url],
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            env=env,
        )
    return load_from_report(result.stdout), size


def measure_hello(base_url: str, clients: int = 20, seconds: int = 8) -> Load:
    """The bare route with the same number of clients and threads as the journey."""
    return measure(base_url + "/", seconds=seconds, connections=clients, threads=clients)
