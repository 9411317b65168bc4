"""Reading Open Referral UK feeds: a JSON file, a folder of files, or the base URL of an ORUK API.

Every source yields batches (one file, or one page of an API) and problems (a page that could not be
read); the importer commits each batch whole or not at all. API reads are bounded: a time-out per
request, a few retries with back-off, a page limit and a size limit per response.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.directory.records import is_v1_service
from wizard.oruk_fields import DETAIL_KEYS

#: Keys that only a service has; a list item with none of them and a term's keys is a taxonomy term.
SERVICE_KEYS = (
    frozenset({"status", "organization", "organization_id", "url", "email"}) | DETAIL_KEYS
)
TERM_KEYS = frozenset({"taxonomy", "term", "taxonomy_id", "term_uri", "vocabulary", "parent_id"})


@dataclass(frozen=True)
class Limits:
    """How far an API import may go before it stops asking."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    page_limit: int = 500
    max_bytes: int = 10 * 1024 * 1024
    per_page: int = 100


@dataclass
class Batch:
    """Records read together: committed together or not at all."""

    label: str
    services: list[tuple[Any, Mapping[str, Any] | None]] = field(default_factory=list)
    terms: list[Any] = field(default_factory=list)
    #: Records that could not even be fetched, as (id, reason).
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    version: str = ""


@dataclass(frozen=True)
class FeedProblem:
    """Part of the feed that could not be read; the rest still is."""

    label: str
    message: str


class FetchError(Exception):
    """A request that failed after its retries; the message is plain English."""


def is_term(item: Mapping[str, Any]) -> bool:
    """Whether a list item is a taxonomy term rather than a service."""
    keys = item.keys()
    return not (keys & SERVICE_KEYS) and bool(keys & TERM_KEYS)


def version_of(items: list[Any], page: Mapping[str, Any] | None = None) -> str:
    """'1.0' or '3.0', judged by the page's shape, else by the first service's fields."""
    if page is not None:
        if "contents" in page:
            return "3.0"
        if "content" in page:
            return "1.0"
    for item in items:
        if isinstance(item, Mapping):
            return "1.0" if is_v1_service(item) else "3.0"
    return "3.0"


def split_document(document: Any, label: str) -> Batch | FeedProblem:
    """Sort one JSON document (page, list, service, organization or term list) into a batch."""
    batch = Batch(label)
    organization: Mapping[str, Any] | None = None
    if isinstance(document, list):
        found: list[Any] = document
    elif isinstance(document, Mapping):
        if isinstance(document.get("contents"), list):
            found = document["contents"]
        elif isinstance(document.get("content"), list):
            found = document["content"]
        elif isinstance(document.get("services"), list) and "status" not in document:
            organization = {k: v for k, v in document.items() if k != "services"}
            found = document["services"]
        elif "id" in document and "name" in document:
            found = [document]
        else:
            return FeedProblem(
                label,
                "this is not an Open Referral UK service, list of services, organization or "
                "list of taxonomy terms",
            )
    else:
        return FeedProblem(label, "this is not a JSON object or list")
    batch.version = version_of(found, document if isinstance(document, Mapping) else None)
    for item in found:
        if isinstance(item, Mapping) and is_term(item):
            batch.terms.append(item)
        else:
            batch.services.append((item, organization))
    return batch


def read_file(path: Path, chunk: int, label: str | None = None) -> Iterator[Batch | FeedProblem]:
    """Read one JSON file, split into batches of at most `chunk` services."""
    name = label or path.name
    try:
        document = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = "could not be read" if isinstance(error, OSError) else "is not valid JSON"
        yield FeedProblem(name, f"the file {reason}")
        return
    split = split_document(document, name)
    if isinstance(split, FeedProblem) or len(split.services) <= chunk:
        yield split
        return
    yield Batch(name, terms=split.terms, version=split.version)
    for start in range(0, len(split.services), chunk):
        yield Batch(
            f"{name} records {start + 1}-{min(start + chunk, len(split.services))}",
            services=split.services[start : start + chunk],
            version=split.version,
        )


def read_folder(folder: Path, chunk: int) -> Iterator[Batch | FeedProblem]:
    """Read every .json file in a folder, in name order."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".json")
    if not files:
        yield FeedProblem(folder.name, "the folder has no .json files")
    for path in files:
        yield from read_file(path, chunk)


Fetch = Callable[[str], Any]


def http_fetcher(limits: Limits, sleep: Callable[[float], None] = time.sleep) -> Fetch:
    """A JSON GET with a time-out, retries on failures worth retrying, and a size limit."""

    def fetch(url: str) -> Any:
        attempts = limits.retries + 1
        for attempt in range(attempts):
            try:
                return _get_json(url, limits)
            except _Retryable as error:
                if attempt + 1 == attempts:
                    raise FetchError(f"{error} (tried {attempts} times)") from None
                sleep(limits.backoff * (2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    return fetch


class _Retryable(Exception):
    pass


def _get_json(url: str, limits: Limits) -> Any:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("only http and https addresses can be read")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked just above)
        url, headers={"Accept": "application/json", "User-Agent": "send-pathway-planner"}
    )
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(_too_big(limits))
            body = response.read(limits.max_bytes + 1)
    except urllib.error.HTTPError as error:
        if error.code >= 500 or error.code == 429:
            raise _Retryable(f"the server answered {error.code}") from None
        raise FetchError(f"the server answered {error.code}") from None
    except TimeoutError:
        raise _Retryable(f"no answer within {limits.timeout:g} seconds") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise _Retryable(f"no answer within {limits.timeout:g} seconds") from None
        raise _Retryable(f"could not connect ({error.reason})") from None
    except (ConnectionError, OSError) as error:
        raise _Retryable(f"the connection failed ({error.__class__.__name__})") from None
    if len(body) > limits.max_bytes:
        raise FetchError(_too_big(limits))
    try:
        return json.loads(body)
    except ValueError:
        raise FetchError("the answer is not valid JSON") from None


def _too_big(limits: Limits) -> str:
    return f"the answer is larger than the size limit ({limits.max_bytes:,} bytes)"


def api_base(url: str) -> str:
    """The API's base URL, without a trailing slash or a trailing /services."""
    base = url.rstrip("/")
    return base[: -len("/services")] if base.endswith("/services") else base


def read_api(url: str, limits: Limits, fetch: Fetch) -> Iterator[Batch | FeedProblem]:
    """Page through an ORUK 1.0 or 3.0 API's /services, fetching details where a page is brief."""
    base = api_base(url)
    version = ""
    try:
        details = fetch(base + "/")
        if isinstance(details, Mapping) and "version" in details:
            version = "3.0" if "3" in str(details["version"]) else "1.0"
    except FetchError:
        pass  # GET / is only required in 3.0: a 1.0 API may not answer it.
    page = 1
    known_pages: int | None = None
    while True:
        if page > limits.page_limit:
            yield FeedProblem(
                f"page {page}", f"stopped: the feed has more than {limits.page_limit} pages"
            )
            return
        query = urllib.parse.urlencode({"page": page, "per_page": limits.per_page})
        label = f"page {page}"
        try:
            document = fetch(f"{base}/services?{query}")
        except FetchError as error:
            yield FeedProblem(label, str(error))
            if known_pages is None:
                return  # without a page count there is no telling where the feed ends
            page += 1
            if _past_end(page, known_pages):
                return
            continue
        split = split_document(document, label)
        if isinstance(split, FeedProblem):
            yield split
            return
        split.version = version or split.version
        known_pages = _total_pages(document)
        yield _with_details(split, base, fetch)
        if not split.services or _is_last(document, page) or _past_end(page + 1, known_pages):
            return
        page += 1


def _total_pages(document: Any) -> int | None:
    if not isinstance(document, Mapping):
        return None
    total = document.get("total_pages", document.get("totalPages"))
    return total if isinstance(total, int) and not isinstance(total, bool) else None


def _is_last(document: Any, page: int) -> bool:
    if not isinstance(document, Mapping):
        return True
    last = document.get("last_page", document.get("last"))
    return last is True


def _past_end(page: int, total: int | None) -> bool:
    return total is not None and page > total


def _with_details(batch: Batch, base: str, fetch: Fetch) -> Batch:
    """Replace brief list items (id and name only) by the full record from /services/{id}."""
    full: list[tuple[Any, Mapping[str, Any] | None]] = []
    for item, organization in batch.services:
        if not isinstance(item, Mapping) or item.keys() & DETAIL_KEYS or "id" not in item:
            full.append((item, organization))
            continue
        quoted = urllib.parse.quote(str(item["id"]), safe="")
        try:
            full.append((fetch(f"{base}/services/{quoted}"), organization))
        except FetchError as error:
            batch.unreadable.append((str(item["id"]), f"its details could not be fetched: {error}"))
    batch.services = full
    return batch


def read_source(
    source: str, limits: Limits, chunk: int = 500, fetch: Fetch | None = None
) -> Iterator[Batch | FeedProblem]:
    """Read a file, a folder or an http(s) API base URL."""
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        yield from read_api(source, limits, fetch or http_fetcher(limits))
        return
    if scheme and len(scheme) > 1:
        yield FeedProblem(source, "only files, folders and http or https addresses can be read")
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path, chunk)
    elif path.is_file():
        yield from read_file(path, chunk)
    else:
        yield FeedProblem(source, "there is no file or folder with this name")
