"""Search and browse pages, and the JSON search API: GET /search, /api/v1/search, /conditions|sponsors|countries/{slug}."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from trialfinder.config import Settings
from trialfinder.search import QueryError, ensure_search_schema, parse_request, run_search
from trialfinder.search.browse import BROWSE_KINDS, browse_label
from trialfinder.search.gazetteer import gazetteer
from trialfinder.search.request import DEFAULT_STATUSES, SearchRequest
from trialfinder.web.render import render_template

FACET_TITLES = {
    "status": "Status",
    "phase": "Phase",
    "type": "Study type",
    "sex": "Open to",
    "healthy": "Healthy volunteers",
    "intervention": "Treatment type",
    "sponsor_class": "Sponsor",
    "country": "Country",
}
# Which SearchRequest field each facet toggles.
FACET_FIELDS = {
    "status": "statuses",
    "phase": "phases",
    "type": "study_types",
    "intervention": "intervention_types",
    "sponsor_class": "sponsor_classes",
    "country": "countries",
}


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return params


def _url(path: str, search: SearchRequest, **changes) -> str:
    pairs = search.query_params(**changes)
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _facet_view(path: str, search: SearchRequest, facets: dict) -> list[dict]:
    """Facet values as links that add or remove that filter (back to page 1)."""
    view = []
    for name, values in facets.items():
        items = []
        for value in values:
            if name in FACET_FIELDS:
                current = getattr(search, FACET_FIELDS[name])
                selected = value.value in current
                chosen = tuple(v for v in current if v != value.value) if selected else current + (value.value,)
                if name == "status" and not chosen:
                    chosen = ()
                url = _url(path, search, page=1, **{FACET_FIELDS[name]: chosen})
            elif name == "sex":
                selected = search.sex == value.value
                url = _url(path, search, page=1, sex=None if selected else value.value)
            else:  # healthy volunteers
                selected = search.healthy_volunteers is True
                url = _url(path, search, page=1, healthy_volunteers=None if selected else True)
            items.append({"label": value.label, "count": value.count, "url": url, "selected": selected})
        if items:
            view.append({"name": name, "title": FACET_TITLES.get(name, name), "items": items})
    return view


@asynccontextmanager
async def _preload(app):
    # Load the city list (~1.4 s) before the server takes requests, not on the first patient's search.
    gazetteer()
    yield


def search_router(engine: Engine, settings: Settings) -> APIRouter:
    router = APIRouter(lifespan=_preload)
    ensure_search_schema(engine)

    def page(name: str, status_code: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(render_template(name, settings, **context), status_code=status_code)

    def run(path: str, params: dict, default_statuses=DEFAULT_STATUSES, browse=None):
        try:
            search = parse_request(params, default_statuses=default_statuses)
            if browse is not None:
                search = replace(search, browse=browse)
            result = run_search(engine, search)
        except QueryError as exc:
            return None, None, str(exc)
        return search, result, None

    def context(path: str, search, result, error, params) -> dict:
        form = {name: values[0] for name, values in params.items() if values}
        if search is not None:
            form.setdefault("sort", search.sort)  # show the sort in effect (distance by default near a place)
        ctx = {"form": form, "error": error, "search": search, "result": result, "path": path}
        if result is not None:
            ctx["facets"] = _facet_view(path, search, result.facets)
            ctx["prev_url"] = _url(path, search, page=search.page - 1) if search.page > 1 else None
            ctx["next_url"] = _url(path, search, page=search.page + 1) if search.page < result.pages else None
        return ctx

    @router.get("/search", response_class=HTMLResponse)
    def search_page(request: Request):
        params = _params(request)
        asked = any(v.strip() for vs in params.values() for v in vs)
        search, result, error = run("/search", params)
        ctx = context("/search", search, result, error, params)
        if not asked:
            ctx["hint"] = "Type a condition or treatment, and a place if you like, then press Search. Below: trials now recruiting."
        return page("search.html", **ctx)

    @router.get("/api/v1/search")
    def search_api(request: Request):
        search, result, error = run("/api/v1/search", _params(request))
        if error:
            return JSONResponse({"error": "bad_query", "message": error}, status_code=400)
        return JSONResponse(result.to_json())

    def browse(kind_path: str, slug: str, request: Request):
        kind = BROWSE_KINDS[kind_path]
        label = browse_label(engine, kind, slug)
        if label is None:
            raise StarletteHTTPException(404)
        path = f"/{kind_path}/{slug}"
        params = _params(request)
        search, result, error = run(path, params, default_statuses=(), browse=(kind, slug))
        return page("browse.html", kind=kind, label=label, **context(path, search, result, error, params))

    @router.get("/conditions/{slug}", response_class=HTMLResponse)
    def condition_page(slug: str, request: Request):
        return browse("conditions", slug, request)

    @router.get("/sponsors/{slug}", response_class=HTMLResponse)
    def sponsor_page(slug: str, request: Request):
        return browse("sponsors", slug, request)

    @router.get("/countries/{slug}", response_class=HTMLResponse)
    def country_page(slug: str, request: Request):
        return browse("countries", slug, request)

    return router
