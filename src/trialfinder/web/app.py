"""The ASGI app: trial pages, printable summaries, JSON views and site pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from trialfinder import __version__
from trialfinder.config import Settings
from trialfinder.content import doctor, methodology
from trialfinder.store.queries import count_studies, normalise_nct_id, recently_updated
from trialfinder.web.page import load_trial_page
from trialfinder.web.render import render_template
from trialfinder.web.search_routes import search_router

STATIC = Path(__file__).parent / "static"
PAGE_SIZE = 50

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.url.path.startswith("/api/")


def create_app(engine: Engine, settings: Settings) -> FastAPI:
    app = FastAPI(title="trialfinder", version=__version__, docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def html(name: str, status_code: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(render_template(name, settings, **context), status_code=status_code)

    def not_found(request: Request, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "not_found", "message": message}, status_code=404)
        return html("not_found.html", 404, heading="Page not found", message=message)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return not_found(request, "We could not find that page.")
        if _wants_json(request):
            return JSONResponse({"error": "http_error", "message": str(exc.detail)}, status_code=exc.status_code)
        return html("not_found.html", exc.status_code, heading="Something is not right", message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()) or "bad request"
        if _wants_json(request):
            return JSONResponse({"error": "bad_request", "message": message}, status_code=400)
        return html("not_found.html", 400, heading="That request did not make sense", message=message)

    def load(request: Request, nct_id: str):
        if normalise_nct_id(nct_id) is None:
            return None, not_found(request, f"“{nct_id[:40]}” is not a trial number. Trial numbers look like NCT followed by 8 digits.")
        page = load_trial_page(engine, nct_id, settings)
        if page is None:
            return None, not_found(request, f"We have no trial numbered {nct_id.strip().upper()}. It may be new, or not in this site's collection.")
        return page, None

    @app.get("/", response_class=HTMLResponse)
    def home(page: int = Query(1, ge=1, le=100000)):
        offset = (page - 1) * PAGE_SIZE
        trials = recently_updated(engine, limit=PAGE_SIZE + 1, offset=offset)
        return html(
            "home.html",
            trials=trials[:PAGE_SIZE],
            total=count_studies(engine),
            offset=offset,
            prev_url=f"/?page={page - 1}" if page > 1 else None,
            next_url=f"/?page={page + 1}" if len(trials) > PAGE_SIZE else None,
        )

    @app.get("/trials/{nct_id}.json")
    def trial_json(request: Request, nct_id: str):
        page, error = load(request, nct_id)
        if error:
            return error
        return JSONResponse(page)

    @app.get("/trials/{nct_id}/print", response_class=HTMLResponse)
    def trial_print(request: Request, nct_id: str):
        page, error = load(request, nct_id)
        if error:
            return error
        return html("print.html", page=page)

    @app.get("/trials/{nct_id}", response_class=HTMLResponse)
    def trial_page(request: Request, nct_id: str):
        page, error = load(request, nct_id)
        if error:
            return error
        if page["nct_id"] != nct_id:
            return RedirectResponse(f"/trials/{page['nct_id']}", status_code=301)
        return html("trial.html", page=page)

    @app.get("/methodology", response_class=HTMLResponse)
    def methodology_page():
        parts = [
            {"heading": heading, "paragraphs": paragraphs}
            for heading, paragraphs in methodology.methodology_sections(settings.site_name, settings.sync_note)
        ]
        return html("article.html", heading="How we build our trial pages", intro=None, parts=parts)

    @app.get("/questions", response_class=HTMLResponse)
    def questions_page():
        return html(
            "article.html",
            heading="Questions to ask about a clinical trial",
            intro=[
                "Good questions help you and your doctor decide whether a trial fits your life and your care. "
                "Take this list to your appointment, or ask the study team directly."
            ],
            parts=[{"heading": group.title, "paragraphs": [], "items": list(group.questions)} for group in doctor.general_questions()],
        )

    @app.get("/healthz")
    def health():
        return {"status": "ok", "studies": count_studies(engine), "version": __version__}

    app.include_router(search_router(engine, settings))
    return app
