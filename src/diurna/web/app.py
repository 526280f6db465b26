"""``diurna serve``: the FastAPI app — a JSON API over a store and the web UI that uses it.

:func:`create_app` builds the app for one store. The API lives under ``/api`` (schema at ``/openapi.json``); the
pages (``/``, ``/events``, ``/article``, ``/dyad``, ``/actor``, ``/code``) are static HTML, CSS and JavaScript
shipped in ``diurna/web/static`` that call the API. Nothing is loaded from another site.

Safety (docs/web.md): the store is only read, except by ``POST /api/code`` with ``"save": true`` (which can be
turned off); every value reaches DuckDB as a query parameter; page sizes, offsets, query strings and pasted text
are bounded (422 or 413 with a JSON message); every error is a JSON object ``{"error": message}``, never a stack
trace; every response carries a Content-Security-Policy that allows this site's own scripts and styles only.
"""

import datetime as dt
import hashlib
import json
import logging
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from diurna import __version__
from diurna.config import Config
from diurna.errors import DiurnaError
from diurna.store.query import EventFilter
from diurna.store.schema import DamagedStoreError, StoreError
from diurna.web.data import EventSort, MentionSort, NotFound, WebData, jsonable
from diurna.web.evidence import locate

log = logging.getLogger(__name__)

STATIC = Path(str(resources.files("diurna.web") / "static"))
PAGES = {"/": ("home", "diurna"), "/events": ("events", "Events"), "/article": ("article", "Article"),
         "/dyad": ("dyad", "Dyad"), "/actor": ("actor", "Actor"), "/code": ("code", "Code a text")}
MODALITIES = ("actual", "anticipated", "negated", "hypothetical")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
Period = Literal["day", "week", "month", "year"]
Modality = Literal["actual", "anticipated", "negated", "hypothetical"]
Order = Literal["asc", "desc"]
Role = Literal["any", "source", "target"]


@dataclass(frozen=True)
class WebLimits:
    """Bounds on what one request may ask for."""

    max_page_size: int = 500  # rows of one page of events, mentions, search results, actors
    max_offset: int = 10_000_000  # how far a page may start
    max_filter_chars: int = 100  # an actor, code or type filter
    max_query_chars: int = 200  # a search
    max_text_chars: int = 100_000  # a pasted text to code (413 beyond)
    max_body_bytes: int = 1_000_000  # any request body (413 beyond; 411 for a body of unknown length)

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"web limit {name} must be a positive integer, not {value!r}")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def host_name(host_header: str) -> str:
    """The host of a Host header, without its port (``[::1]:8000`` -> ``::1``), lower-cased."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class _Guard:
    """Checks made before a request reaches the app, each answered with a JSON error:

    - a Host the server does not answer to (``allowed_hosts``: a DNS-rebinding defence on the loopback): 400;
    - a cross-site write (a page of another site posting to this server from the user's browser): 403;
    - a request body larger than ``limit`` bytes (413) or of unknown length (411), refused before it is read."""

    def __init__(self, app: Any, limit: int, allowed_hosts: Sequence[str] | None) -> None:
        self.app, self.limit = app, limit
        self.hosts = {host_name(h) for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        response: Response | None = None
        host = headers.get("host", "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            response = _error(400, f"this server does not answer for host {host[:100]!r}")
        elif scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin, length = headers.get("origin"), headers.get("content-length")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
                response = _error(403, f"cross-site request from {origin[:100]} refused")
            elif length is None:
                if headers.get("transfer-encoding"):
                    response = _error(411, "a request body needs a Content-Length")
            elif not length.isdigit():
                response = _error(400, "bad Content-Length")
            elif int(length) > self.limit:
                response = _error(413, f"request body of {int(length):,} bytes is larger than the limit "
                                       f"({self.limit:,} bytes)")
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class CodeRequest(BaseModel):
    """A text to code (``POST /api/code``)."""

    text: str = Field(description="the article text (at most the server's max_text_chars characters)")
    title: str | None = Field(default=None, max_length=1000)
    date: dt.date | None = Field(default=None, description="publication date (YYYY-MM-DD)")
    source: str | None = Field(default=None, max_length=200, description="publisher")
    save: bool = Field(default=False, description="also ingest the text into the store")


def _validation_message(errors: Sequence[Any]) -> str:
    parts = []
    for e in errors[:5]:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path"))
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def create_app(store_dir: str | Path, config: Config | None = None, *, limits: WebLimits | None = None,
               allow_save: bool = True, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app serving the store at ``store_dir`` (refused now if it is not a readable store).

    ``config`` is used to code pasted texts and to save them; ``allow_save=False`` makes the server read-only;
    ``allowed_hosts`` (e.g. ``["127.0.0.1", "localhost"]``) refuses requests for any other Host (a DNS-rebinding
    defence for a server on the loopback interface)."""
    config = config or Config()
    limits = limits or WebLimits()
    data = WebData(store_dir)
    app = FastAPI(title="diurna", version=__version__, docs_url=None, redoc_url=None,
                  description="Political event data with its evidence: the events, mentions and articles of a "
                              "diurna store, dyad time series, actors, search, and coding of a pasted text.")
    app.state.data, app.state.limits, app.state.config = data, limits, config

    # -- errors: always JSON with a message, never a traceback ---------------------------------------------------
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        return _error(422, _validation_message(errors),
                      detail=[{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                              for e in errors[:20]])

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> JSONResponse:
        return _error(422, " ".join(str(exc).split())[:500])

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _error(404, str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(DiurnaError)
    async def diurna_error(request: Request, exc: DiurnaError) -> JSONResponse:
        message = " ".join(str(exc).split())[:1000]
        if isinstance(exc, DamagedStoreError):
            return _error(503, message)
        if isinstance(exc, StoreError) and "lock" in message.lower():
            return _error(409, message)
        if isinstance(exc, StoreError):
            return _error(503, message)
        return _error(422 if isinstance(exc, ValueError) else 400, message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details")

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    app.add_middleware(_Guard, limit=limits.max_body_bytes, allowed_hosts=allowed_hosts)

    # -- shared query parameters ---------------------------------------------------------------------------------
    # Parameter types (Annotated: the bounds come from ``limits``; evaluated here, hence no ``__future__``
    # annotations in this module). Actor values are codes or names: the library resolves them.
    Name = Annotated[str, Query(min_length=1, max_length=limits.max_filter_chars, examples=["CHL", "Brazil"],
                                description="actor code, country or name")]
    Limit = Annotated[int, Query(ge=1, le=limits.max_page_size, description="rows")]
    Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]

    def event_filter(
        actor: Annotated[str | None, Query(min_length=1, max_length=limits.max_filter_chars,
                                           examples=["CHL"],
                                           description="actor code, country or name, either side")] = None,
        dyad: Annotated[str | None, Query(max_length=2 * limits.max_filter_chars + 1, examples=["CHL,BRA"],
                                          description="SOURCE,TARGET (codes, countries or names)")] = None,
        cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$",
                                           description="CAMEO root (04 or 4), base (042) or code (0421): a prefix")
                         ] = None,
        plover: Annotated[str | None, Query(min_length=1, max_length=limits.max_filter_chars,
                                            description="PLOVER type (CONSULT, PROTEST, ...)")] = None,
        since: Day = None,
        until: Day = None,
        modality: Modality | None = None,
    ) -> EventFilter:
        pair = None
        if dyad is not None:
            parts = dyad.split(",")
            if len(parts) != 2 or not all(p.strip() for p in parts):
                raise ValueError(f"dyad {dyad!r}: give SOURCE,TARGET, e.g. CHL,BRA")
            pair = (parts[0].strip(), parts[1].strip())
        return EventFilter(actor=actor, dyad=pair, cameo=cameo, plover=plover, since=since, until=until,
                           modality=modality)

    def paging(limit: Annotated[int, Query(ge=1, le=limits.max_page_size, description="rows per page")] = 50,
               offset: Annotated[int, Query(ge=0, le=limits.max_offset, description="rows to skip")] = 0,
               ) -> tuple[int, int]:
        return limit, offset

    Filter = Annotated[EventFilter, Depends(event_filter)]
    Paging = Annotated[tuple[int, int], Depends(paging)]

    # -- JSON API ------------------------------------------------------------------------------------------------
    @app.get("/api/info", tags=["store"], summary="The store's size and the server's limits")
    def info() -> dict[str, Any]:
        return {**data.info(), "version": __version__, "can_save": allow_save,
                "limits": {"max_page_size": limits.max_page_size, "max_text_chars": limits.max_text_chars,
                           "max_query_chars": limits.max_query_chars}}

    @app.get("/api/events", tags=["events"], summary="Events (clusters of reports), newest first")
    def events(f: Filter, page: Paging, sort: EventSort | None = None, order: Order = "desc") -> dict[str, Any]:
        return data.page(f, mentions=False, limit=page[0], offset=page[1], sort=sort,
                         descending=order == "desc", dictionary=config).to_json()

    @app.get("/api/mentions", tags=["events"], summary="Mentions (one per report), newest first")
    def mentions(f: Filter, page: Paging, sort: MentionSort | None = None, order: Order = "desc") -> dict[str, Any]:
        return data.page(f, mentions=True, limit=page[0], offset=page[1], sort=sort,
                         descending=order == "desc", dictionary=config).to_json()

    @app.get("/api/articles/{article_id:path}", tags=["articles"],
             summary="One article: its text, its mentions with their evidence spans, its facts")
    def article(article_id: str) -> dict[str, Any]:
        if len(article_id) > 1000:
            raise ValueError("article id longer than 1000 characters")
        return data.article(article_id)

    @app.get("/api/search", tags=["events"], summary="Mentions whose evidence sentence contains the words")
    def search(q: Annotated[str, Query(min_length=1, max_length=limits.max_query_chars,
                                       description="words to look for (case-insensitive, literal)")],
               page: Paging) -> dict[str, Any]:
        return data.search(q, limit=page[0], offset=page[1]).to_json()

    def _explore() -> Any:
        import diurna.explore as explore

        return explore

    @app.get("/api/dyad", tags=["dyads"], summary="A dyad's time series: events per QuadClass, Goldstein, sources")
    def dyad(a: Name, b: Name, by: Period = "month", both_directions: bool = False, include_self: bool = False,
             include_implied: bool = False, include_nonactual: bool = False, since: Day = None,
             until: Day = None) -> dict[str, Any]:
        frame = _explore().dyad_series(data.store, a, b, by=by, both_directions=both_directions,
                                       include_self=include_self, include_implied=include_implied,
                                       include_nonactual=include_nonactual, since=since, until=until)
        return {"a": a, "b": b, "by": by, "both_directions": both_directions,
                "periods": jsonable(frame.to_dict(orient="records"))}

    @app.get("/api/dyad/events", tags=["dyads"], summary="The events of one period of a dyad's series")
    def dyad_events(a: Name, b: Name,
                    period: Annotated[str, Query(min_length=1, max_length=40, examples=["2021-07"],
                                                 description="the period's label (as in /api/dyad) or a date")],
                    by: Period = "month", both_directions: bool = False, include_self: bool = False,
                    include_implied: bool = False, include_nonactual: bool = False,
                    limit: Limit = 100) -> dict[str, Any]:
        frame = _explore().dyad_events(data.store, a, b, period=period, by=by, both_directions=both_directions,
                                       include_self=include_self, include_implied=include_implied,
                                       include_nonactual=include_nonactual)
        rows = jsonable(frame.head(limit).to_dict(orient="records"))
        return {"a": a, "b": b, "by": by, "period": period, "total": len(frame), "items": rows}

    @app.get("/api/actors", tags=["actors"], summary="The most active actors")
    def actors(limit: Limit = 20, role: Annotated[Role, Query(description="count one side only")] = "any",
               since: Day = None, until: Day = None) -> dict[str, Any]:
        frame = _explore().top_actors(data.store, limit=limit, role=None if role == "any" else role,
                                      since=since, until=until)
        return {"role": role, "items": jsonable(frame.to_dict(orient="records"))}

    @app.get("/api/actors/{actor}/partners", tags=["actors"], summary="The actors an actor deals with most")
    def partners(actor: str, limit: Limit = 20) -> dict[str, Any]:
        if not actor.strip() or len(actor) > limits.max_filter_chars:
            raise ValueError(f"actor: give a code, country or name of 1 to {limits.max_filter_chars} characters")
        frame = _explore().actor_partners(data.store, actor, limit=limit)
        return {"actor": actor, "items": jsonable(frame.to_dict(orient="records"))}

    @app.get("/api/dyads", tags=["dyads"], summary="The dyads with the most events")
    def dyads(limit: Limit = 20, include_self: bool = False, since: Day = None, until: Day = None) -> dict[str, Any]:
        frame = _explore().top_dyads(data.store, limit=limit, include_self=include_self, since=since, until=until)
        return {"items": jsonable(frame.to_dict(orient="records"))}

    @app.post("/api/code", tags=["code"], summary="Code a pasted text; optionally save it to the store")
    def code_text(request: CodeRequest) -> dict[str, Any]:
        if len(request.text) > limits.max_text_chars:
            raise HTTPException(413, f"text of {len(request.text):,} characters is longer than the limit "
                                     f"({limits.max_text_chars:,} characters)")
        if not request.text.strip():
            raise ValueError("text: empty; paste the article to code")
        if request.save and not allow_save:
            raise HTTPException(403, "this server is read-only (diurna serve --read-only): nothing is saved")
        return code_and_save(data, config, request)

    # -- pages -----------------------------------------------------------------------------------------------------
    shell = (STATIC / "page.html").read_text(encoding="utf-8")

    def page_route(name: str, title: str) -> Callable[[], HTMLResponse]:
        html = shell.replace("{{page}}", name).replace("{{title}}", title)

        def page() -> HTMLResponse:
            return HTMLResponse(html)

        return page

    for path, (name, title) in PAGES.items():
        app.add_api_route(path, page_route(name, title), methods=["GET"], include_in_schema=False,
                          response_class=HTMLResponse)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def pasted_article_id(title: str | None, text: str) -> str:
    """The id a pasted text is saved under: the same text saved twice is one article."""
    return "pasted-" + hashlib.sha256(f"{title or ''}\x00{text}".encode()).hexdigest()[:16]


def code_and_save(data: WebData, config: Config, request: CodeRequest) -> dict[str, Any]:
    """Code the text as :func:`diurna.code` does, with the server's settings (the events with their evidence
    spans); with ``save``, ingest it into the store with :func:`diurna.store.ingest` (the one write the server
    makes)."""
    from diurna.articles import article_from_text
    from diurna.output import article_record
    from diurna.pipeline import code_articles, resources

    article_id = pasted_article_id(request.title, request.text)
    article = article_from_text(request.text, id=article_id, date=request.date, title=request.title,
                                source=request.source, config=config)
    coded = next(code_articles([article], res=resources(config)))
    record = article_record(coded)
    for event, out in zip(coded.events, record["events"], strict=True):
        out["evidence"] = locate(coded.text, {
            "start": event.span[0], "end": event.span[1], "text": event.text, "trigger": event.trigger,
            "mention_id": event.id, "source_text": event.source.text if event.source else None,
            "target_text": event.target.text if event.target else None}).to_json()
    result: dict[str, Any] = {**record, "text": coded.text, "saved": None}
    if request.save:
        from diurna.store import IngestOptions, ingest

        with tempfile.TemporaryDirectory(prefix="diurna-serve-") as tmp:
            path = Path(tmp) / f"{article_id}.jsonl"
            row = {"id": article_id, "text": request.text, "title": request.title, "source": request.source,
                   "date": request.date.isoformat() if request.date else None}
            path.write_text(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n", encoding="utf-8")
            report = ingest([str(path)], data.store.root, IngestOptions(config=config, refresh_seconds=0.0))
        if report.error_messages:
            raise StoreError("; ".join(report.error_messages)[:500])
        p = report.progress
        result["saved"] = {"article_id": article_id, "coded": p.coded, "unchanged": p.unchanged,
                           "replaced": p.replaced, "mentions": p.mentions}
    return jsonable(result)
