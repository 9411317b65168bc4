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

from wizard.directory.records import feed_id_of, is_v1_service, oruk_id, printable
from wizard.oruk_fields import DETAIL_KEYS, FEED_ID_LENGTH

#: Keys only a service has (3.0 and 1.0): an item with one of them is a service.
SERVICE_KEYS = (
    frozenset(
        {
            "status",
            "organization",
            "organization_id",
            "minimum_age",
            "maximum_age",
            "fees",
            "fees_description",
            "eligibility_description",
            "application_process",
            "decision_process",
            "accreditations",
            "assured_date",
            "assurer_email",
            "alert",
            "interpretation_services",
            "wait_time",
            "attending_type",
            "attending_access",
            "deliverable_type",
        }
    )
    | DETAIL_KEYS
) - {"locations", "attributes", "contacts"}
#: Keys a service has and so may an organisation (HSDS 3.0 gives both attributes and contacts).
SHARED_KEYS = frozenset({"attributes", "contacts", "phones", "funding", "languages"})
#: Keys only a taxonomy term has.
TERM_KEYS = frozenset({"taxonomy", "term", "taxonomy_id", "term_uri", "vocabulary", "parent_id"})
#: Keys only an organisation has (besides its list of services).
ORGANIZATION_KEYS = frozenset(
    {
        "website",
        "logo",
        "organization_identifiers",
        "parent_organization_id",
        "legal_status",
        "tax_status",
        "year_incorporated",
    }
)
#: What each kind of item is called in a report.
KIND_NAMES = {
    "service": "service",
    "organization": "organisation",
    "service_at_location": "service at a location",
    "taxonomy": "taxonomy",
    "taxonomy_term": "taxonomy term",
    "api_details": "API details document",
}


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
    #: service_at_location items that hold a whole service.
    located: list[Mapping[str, Any]] = field(default_factory=list)
    organizations: list[Mapping[str, Any]] = field(default_factory=list)
    taxonomies: list[Mapping[str, Any]] = field(default_factory=list)
    #: Items read but not imported as anything (not a service, say), as (id, reason).
    passed_over: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class FeedProblem:
    """Part of the feed that could not be read; the rest still is."""

    label: str
    message: str


class FetchError(Exception):
    """A request that failed after its retries; the message is plain English."""


def kind_of(item: object) -> str:
    """What an ORUK 1.0 or 3.0 item is, judged by its keys; "" when its keys do not say.

    An item with only an id, a name and a description could be a service, an organisation, a
    taxonomy or a term: the list it is in decides (see split_document), never a guess.
    """
    if not isinstance(item, Mapping):
        return "service"  # refused as a record that is not an object, with its reason reported
    keys = item.keys()
    if "version" in keys and keys & {"openapi_url", "profile"} and "id" not in keys:
        return "api_details"
    if "name" not in keys and (
        isinstance(item.get("service"), Mapping)
        or isinstance(item.get("location"), Mapping)
        or keys & {"service_id", "location_id"}
    ):
        return "service_at_location"
    if keys & SERVICE_KEYS:
        return "service"
    if isinstance(item.get("services"), list) or keys & ORGANIZATION_KEYS:
        return "organization"
    if keys & SHARED_KEYS:
        return "service"
    if "taxonomy_terms" in keys or "version" in keys:
        return "taxonomy"
    if keys & TERM_KEYS:
        return "taxonomy_term"
    return ""


def is_term(item: Mapping[str, Any]) -> bool:
    """Whether a list item is a taxonomy term rather than a service."""
    return kind_of(item) == "taxonomy_term"


def version_of(items: list[Any], page: Mapping[str, Any] | None = None) -> str:
    """'1.0' or '3.0', judged by the page's shape, else by the first service's fields."""
    if page is not None:
        if "contents" in page:
            return "3.0"
        if "content" in page:
            return "1.0"
        if kind_of(page) == "api_details":
            return api_version(page)
    for item in items:
        if isinstance(item, Mapping):
            return "1.0" if is_v1_service(item) else "3.0"
    return "3.0"


def api_version(details: Mapping[str, Any]) -> str:
    """The ORUK version an API's details document (GET /) names: '3.0' or '1.0'."""
    return "3.0" if "3" in str(details.get("version")) else "1.0"


def split_document(document: Any, label: str, expect: str = "") -> Batch | FeedProblem:
    """Sort one JSON document (a page or list of any ORUK object, or one object) into a batch.

    `expect` is the kind an item whose keys do not say is taken to be (an API's /services page
    holds services); without it, such an item takes the kind of the others in its list.
    """
    batch = Batch(label)
    page: Mapping[str, Any] | None = None
    if isinstance(document, list):
        found: list[Any] = document
    elif isinstance(document, Mapping):
        page = document
        if isinstance(document.get("contents"), list):
            found = document["contents"]
        elif isinstance(document.get("content"), list):
            found = document["content"]
        elif kind_of(document) or expect:
            found = [document]
        else:
            return FeedProblem(
                label,
                "this is not an Open Referral UK service, organization, service_at_location, "
                "taxonomy or taxonomy term, nor a list of them",
            )
    else:
        return FeedProblem(label, "this is not a JSON object or list")
    batch.version = version_of(found, page)
    kinds = [kind_of(item) for item in found]
    clear = {kind for kind in kinds if kind}
    default = expect or (clear.pop() if len(clear) == 1 else "")
    for item, kind in zip(found, kinds, strict=True):
        _sort(batch, item, kind or default)
    return batch


def _sort(batch: Batch, item: Any, kind: str) -> None:
    if kind == "service":
        batch.services.append((item, None))
    elif kind == "taxonomy_term":
        batch.terms.append(item)
    elif kind == "taxonomy":
        batch.taxonomies.append(item)
    elif kind == "organization":
        batch.organizations.append(item)
        organization = {k: v for k, v in item.items() if k != "services"}
        services = item.get("services")
        for service in services if isinstance(services, list) else []:
            batch.services.append((service, organization))
    elif kind == "service_at_location":
        if isinstance(item.get("service"), Mapping):
            batch.located.append(item)
        else:
            batch.passed_over.append(
                (feed_id_of(item), "a service_at_location without its service: nothing to import")
            )
    elif kind == "api_details":
        batch.passed_over.append(
            ("/", f"the API's details document (version {item.get('version')!r}): no services")
        )
    else:
        batch.passed_over.append(
            (
                feed_id_of(item),
                "not recognisably a service, organization, service_at_location, taxonomy or "
                "taxonomy term (a service has a status), so not imported",
            )
        )


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
    yield Batch(
        name,
        terms=split.terms,
        version=split.version,
        located=split.located,
        organizations=split.organizations,
        taxonomies=split.taxonomies,
        passed_over=split.passed_over,
    )
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
            version = api_version(details)
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
        split = split_document(document, label, expect="service")
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
    """Replace brief list items (no lists of their own) by the full record from /services/{id}.

    The record fetched must be the one asked for: a detail for another id is refused.
    """
    full: list[tuple[Any, Mapping[str, Any] | None]] = []
    for item, organization in batch.services:
        if not isinstance(item, Mapping) or item.keys() & DETAIL_KEYS or "id" not in item:
            full.append((item, organization))
            continue
        asked = str(item["id"])
        quoted = urllib.parse.quote(asked, safe="")
        try:
            detail = fetch(f"{base}/services/{quoted}")
        except FetchError as error:
            batch.unreadable.append((asked, f"its details could not be fetched: {error}"))
            continue
        problem = _detail_problem(detail, asked)
        if problem:
            batch.unreadable.append((asked, problem))
            continue
        full.append((detail, organization))
    batch.services = full
    return batch


def _detail_problem(detail: Any, asked: str) -> str | None:
    where = f"/services/{printable_id(asked)}"
    if not isinstance(detail, Mapping):
        return f"the details at {where} are not a JSON object"
    got = detail.get("id")
    if got in (None, "") or isinstance(got, (dict, list, bool)):
        return f"the details at {where} have no id"
    if oruk_id("service", got) != oruk_id("service", asked):
        return (
            f"the details at {where} are for another service ({feed_id_of(detail)}), "
            f"not {printable_id(asked)}"
        )
    return None


def printable_id(value: str) -> str:
    """An id as a report shows it."""
    return printable(value[:FEED_ID_LENGTH])


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
