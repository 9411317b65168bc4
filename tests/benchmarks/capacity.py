"""Capacity: how many families at once the service holds, simulated from outside over HTTP.

Each family is an asyncio task with its own cookie. It walks a persona's real journey (question
pages with the CSRF token and answer version read from each form), checks its answers, makes its
plan, views it, and 1 family in 10 downloads the PDF; it thinks 2-8 s (CAPACITY_THINK) after each
page it reads. A family that has seen its plan leaves and a new one starts at the start page.

So that a short run sees the steady mix at once, the families of a step begin part way through
their journey: their earlier answers are saved straight into the database by an app with the
served app's keys, and the family carries on from its private session cookie.

A browser's first page fetches the style sheet, script and icon it names (cached after that).
The client is a small HTTP/1.1 one on asyncio streams, one connection per request (as after
gunicorn's 2-second keep-alive runs out during a family's think time): the project has no async
HTTP client among its dependencies, and threads with urllib would cost the shared cores more.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import statistics
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.personas import AS_OF, PERSONAS

CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')
ASSETS = re.compile(rb'(?:href|src)="(/(?:static|assets)/[^"]+)"')
VERSION = re.compile(rb'name="answer_version" value="(\d+)"')
CHECK = "/questions/check-your-answers"
TIMEOUT = 30.0


@dataclass
class Reply:
    """One HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes


async def http(
    host: str, port: int, method: str, path: str, cookie: str = "", form: str = ""
) -> Reply:
    """Send one request on a new connection and read the whole response."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        body = form.encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                # Flask-WTF checks the Referer of a form sent over HTTPS only; this is plain HTTP.
                f"Origin: http://{host}:{port}",
            ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await reader.read(-1)
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        # keep the session cookie when several Set-Cookie headers arrive
        if key == "set-cookie" and not value.strip().startswith("session="):
            continue
        headers[key] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        payload = _unchunk(payload)
    return Reply(int(status_line.split()[1]), headers, payload)


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while True:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[:size]
        data = data[size + 2 :]


@dataclass
class Sample:
    """One request's outcome."""

    kind: str
    started: float
    ms: float
    outcome: str  # "ok", "busy" (the PDF's "try again" page) or "error: ..."


@dataclass
class Recorder:
    """Every request's outcome, kept for the step that is being measured."""

    samples: list[Sample] = field(default_factory=list)

    def add(self, kind: str, started: float, outcome: str) -> None:
        """Record one request that began at `started` (monotonic seconds)."""
        self.samples.append(Sample(kind, started, (time.monotonic() - started) * 1000, outcome))


class Stop(Exception):
    """The family met an error and leaves (the error is recorded)."""


@dataclass
class Sim:
    """What every family shares: the server, the content, the think time and the recorder."""

    host: str
    port: int
    graph: Any
    think: tuple[float, float]
    recorder: Recorder
    seed_family: Any  # (answers, upto or None) -> session cookie
    pdf_share: float = 0.1
    running: bool = True

    async def request(
        self, kind: str, method: str, path: str, cookie: str, form: str = "", want: int = 200
    ) -> tuple[Reply, str]:
        """One request, timed and judged; returns the reply and the (possibly renewed) cookie."""
        started = time.monotonic()
        try:
            reply = await asyncio.wait_for(
                http(self.host, self.port, method, path, cookie, form), TIMEOUT
            )
        except (OSError, TimeoutError) as error:
            self.recorder.add(kind, started, f"error: {type(error).__name__}")
            raise Stop from error
        if kind == "plan PDF" and reply.status == 503:
            self.recorder.add(kind, started, "busy")
            return reply, cookie
        if reply.status != want:
            self.recorder.add(kind, started, f"error: {reply.status} on {kind}")
            raise Stop
        self.recorder.add(kind, started, "ok")
        renewed = reply.headers.get("set-cookie", "")
        return reply, renewed.split(";", 1)[0] if renewed else cookie

    async def assets(self, reply: Reply) -> None:
        """A browser's first page here: fetch the style sheet, script and icon it names (they are
        cached after that)."""
        for path in sorted(set(ASSETS.findall(reply.body))):
            await self.request("static file", "GET", path.decode(), "")

    async def pause(self) -> None:
        """The family reads the page."""
        await asyncio.sleep(random.uniform(*self.think))

    async def family(self, answers: dict[str, Any], upto: str | None, first: bool) -> None:
        """One family from where it was seeded (or from the start page) to its plan."""
        cookie = ""
        if first and upto != "":
            cookie = self.seed_family(answers, upto)
            # a returning family opens the service again: it starts at a random moment
            await asyncio.sleep(random.uniform(0, self.think[1]))
            location = "/questions/"
        else:
            reply, cookie = await self.request("start page", "GET", "/", cookie)
            await self.assets(reply)
            await self.pause()
            location = "/questions/"
        fresh_browser = bool(cookie)  # a returning family, on a device that has not cached them
        for _ in range(200):
            if not self.running:
                return
            if location == "/questions/":
                reply, cookie = await self.request("resume", "GET", location, cookie, want=302)
                location = urllib.parse.urlparse(reply.headers["location"]).path
                continue
            if location == CHECK:
                reply, cookie = await self.request("check answers", "GET", CHECK, cookie)
                await self.pause()
                form = urllib.parse.urlencode({"csrf_token": _csrf(reply)})
                await self.request("make plan (POST)", "POST", CHECK, cookie, form, want=302)
                await self.request("plan page", "GET", "/plan/", cookie)
                await self.pause()
                if random.random() < self.pdf_share:
                    await self.request("plan PDF", "GET", "/plan/plan.pdf", cookie)
                    await self.pause()
                return
            node_id = location.rsplit("/", 1)[-1]
            reply, cookie = await self.request("question page", "GET", location, cookie)
            if fresh_browser:
                await self.assets(reply)
                fresh_browser = False
            version = VERSION.search(reply.body)
            data: dict[str, Any] = {
                "csrf_token": _csrf(reply),
                "answer_version": version.group(1).decode() if version else "0",
            }
            node = self.graph.nodes[node_id]
            value = answers.get(node_id)
            if value is None:
                if node.optional:
                    data["action"] = "skip"
            else:
                from wizard.core.answers import to_form

                data.update(to_form(node, value))
            await self.pause()
            reply, cookie = await self.request(
                "answer (POST)",
                "POST",
                location,
                cookie,
                urllib.parse.urlencode(data, doseq=True),
                want=302,
            )
            location = urllib.parse.urlparse(reply.headers["location"]).path
        raise AssertionError("a family did not reach its plan in 200 pages")

    async def lifetime(self, answers_of: Any, start_of: Any) -> None:
        """One place in the crowd: a family, then a new one when it leaves, until the run ends."""
        first = True
        while self.running:
            answers = answers_of()
            try:
                await self.family(answers, start_of(answers) if first else "", first)
            except Stop:
                await self.pause()
            first = False


def _csrf(reply: Reply) -> str:
    found = CSRF.search(reply.body)
    if found is None:
        raise Stop
    return found.group(1).decode()


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass(frozen=True)
class Step:
    """What one step of the crowd measured."""

    families: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    errors: int
    busy: int
    pdfs: int
    by_kind: dict[str, tuple[int, float, float]]  # kind -> (count, p50, p95)
    error_examples: list[str]
    app_cpu_cores: float  # gunicorn workers and their PDF renderers, cores busy on average
    database_cpu_cores: float  # the PostgreSQL server (0 when it runs elsewhere)
    machine_cpu_cores: float
    generator_cpu_cores: float

    @property
    def held(self) -> bool:
        """p95 under 500 ms, no errors and no download told "busy"."""
        return self.p95_ms < 500 and self.errors == 0 and self.busy == 0


def summarise(families: int, samples: list[Sample], seconds: float, cpu: dict[str, float]) -> Step:
    """Figures for one step from the requests that began in its measured window."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        if sample.outcome == "ok":
            by_kind[sample.kind].append(sample.ms)
    answered = [s.ms for s in samples if not s.outcome.startswith("error")]
    errors = [s.outcome for s in samples if s.outcome.startswith("error")]
    return Step(
        families=families,
        seconds=seconds,
        requests_per_second=len(samples) / seconds,
        p50_ms=statistics.median(answered) if answered else 0.0,
        p95_ms=percentile(answered, 0.95),
        errors=len(errors),
        busy=sum(s.outcome == "busy" for s in samples),
        pdfs=len(by_kind.get("plan PDF", [])),
        by_kind={
            kind: (len(ms), statistics.median(ms), percentile(ms, 0.95))
            for kind, ms in sorted(by_kind.items())
        },
        error_examples=sorted(set(errors))[:3],
        app_cpu_cores=cpu["app"],
        database_cpu_cores=cpu["database"],
        machine_cpu_cores=cpu["machine"],
        generator_cpu_cores=cpu["generator"],
    )


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int) -> float:
    """CPU seconds used so far by the live processes under `root` (itself included)."""
    children: dict[int, list[int]] = defaultdict(list)
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry.name))
        # utime, stime, and the children's that have ended (renderers replaced meanwhile)
        times[int(entry.name)] = sum(int(v) for v in fields[11:15]) / CLOCK_TICKS
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def _machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (not idle or waiting)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / CLOCK_TICKS


def postgres_pid(port: int) -> int | None:
    """The PostgreSQL server started on this machine with `-p port`, if there is one."""
    for entry in Path("/proc").iterdir():
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if not (words and words[0].endswith(b"/postgres") and b"-p" in words):
            continue
        if words[words.index(b"-p") + 1 : words.index(b"-p") + 2] == [str(port).encode()]:
            return int(entry.name)
    return None


def cpu_now(app_pid: int, database_pid: int | None) -> dict[str, float]:
    """Running CPU totals: the app's process tree, the database server's, the machine, this
    load generator."""
    own = os.times()
    return {
        "app": _tree_cpu(app_pid),
        "database": _tree_cpu(database_pid) if database_pid else 0.0,
        "machine": _machine_cpu(),
        "generator": own.user + own.system,
    }


def run_steps(
    base_url: str,
    app_pid: int,
    database_pid: int | None,
    graph: Any,
    seed_family: Any,
    steps: list[int],
    think: tuple[float, float],
    settle: float,
    window: float,
    log: Any,
) -> list[Step]:
    """Step the crowd up through `steps`; stop after the first step the service does not hold."""
    personas = [p for p in PERSONAS if p.as_of == AS_OF]
    parsed = urllib.parse.urlparse(base_url)
    recorder = Recorder()
    sim = Sim(
        parsed.hostname or "127.0.0.1", parsed.port or 80, graph, think, recorder, seed_family
    )

    def answers_of() -> dict[str, Any]:
        return random.choice(personas).answers

    def start_of(answers: dict[str, Any]) -> str | None:
        """Where a seeded family is: a random page of its path, or check your answers (None)."""
        from wizard.core.engine import resolve

        skippable = {n for n, node in graph.nodes.items() if node.optional or node.type == "info"}
        path = [
            n
            for n in resolve(graph, answers, AS_OF, passed=skippable - set(answers)).path
            if graph.nodes[n].type != "end"
        ]
        index = random.randrange(len(path) + 1)
        if index == 0:
            return ""  # a new family: from the start page
        return path[index] if index < len(path) else None

    async def main() -> list[Step]:
        tasks: list[asyncio.Task[None]] = []
        results: list[Step] = []
        for families in steps:
            while len(tasks) < families:
                tasks.append(asyncio.create_task(sim.lifetime(answers_of, start_of)))
                if len(tasks) % 20 == 0:
                    await asyncio.sleep(0)  # let the seeded families get going
            await asyncio.sleep(settle)
            recorder.samples.clear()
            before, started = cpu_now(app_pid, database_pid), time.monotonic()
            await asyncio.sleep(window)
            seconds = time.monotonic() - started
            after = cpu_now(app_pid, database_pid)
            cpu = {key: (after[key] - before[key]) / seconds for key in after}
            measured = [s for s in recorder.samples if s.started >= started]
            step = summarise(families, measured, seconds, cpu)
            results.append(step)
            log(step)
            if not step.held:
                break
        sim.running = False
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return results

    return asyncio.run(main())
