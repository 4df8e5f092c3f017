"""Write the whole site as static files: trial pages, print views, JSON, site pages, sitemap.

Paths mirror the server's routes (`trials/NCT…/index.html` answers `/trials/NCT…`),
so links work on any static host. Studies are streamed, so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

import orjson
from sqlalchemy.engine import Engine

from trialfinder.config import Settings
from trialfinder.content import doctor, methodology
from trialfinder.store.queries import StoredStudy, count_studies, iter_stored_studies, recently_updated
from trialfinder.store.history import study_history
from trialfinder.web.page import build_trial_page
from trialfinder.web.render import render_template as render_server_template

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
HOME_PAGE_SIZE = 50


def render_template(name: str, settings: Settings, root: str, **context) -> str:
    """Server templates without what needs a server (search)."""
    return render_server_template(name, settings, root, search_enabled=False, **context)


@dataclass
class ExportStats:
    trials: int = 0
    files: int = 0
    bytes: int = 0


class _Writer:
    def __init__(self, root: Path, stats: ExportStats):
        self.root = root
        self.stats = stats

    def write(self, relative: str, content: str | bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        self.stats.files += 1
        self.stats.bytes += len(data)


def _site_pages(writer: _Writer, settings: Settings, root: str) -> None:
    parts = [{"heading": h, "paragraphs": p} for h, p in methodology.methodology_sections(settings.site_name, settings.sync_note)]
    writer.write("methodology/index.html", render_template("article.html", settings, root, heading="How we build our trial pages", intro=None, parts=parts))
    groups = [{"heading": g.title, "paragraphs": [], "items": list(g.questions)} for g in doctor.general_questions()]
    writer.write(
        "questions/index.html",
        render_template("article.html", settings, root, heading="Questions to ask about a clinical trial", intro=None, parts=groups),
    )
    writer.write("404.html", render_template("not_found.html", settings, root, heading="Page not found", message="We could not find that page."))


def _home_pages(writer: _Writer, engine: Engine, settings: Settings, root: str, total: int) -> None:
    pages = max(1, -(-total // HOME_PAGE_SIZE))
    for number in range(1, pages + 1):
        trials = recently_updated(engine, limit=HOME_PAGE_SIZE, offset=(number - 1) * HOME_PAGE_SIZE)
        name = "index.html" if number == 1 else f"page/{number}/index.html"
        writer.write(
            name,
            render_template(
                "home.html",
                settings,
                root,
                trials=trials,
                total=total,
                offset=(number - 1) * HOME_PAGE_SIZE,
                prev_url=(f"{root}/" if number == 2 else f"{root}/page/{number - 1}/") if number > 1 else None,
                next_url=f"{root}/page/{number + 1}/" if number < pages else None,
            ),
        )


def _trial_files(writer: _Writer, engine: Engine, stored: StoredStudy, settings: Settings, root: str, today: dt.date) -> None:
    page = build_trial_page(stored, settings, today, history=study_history(engine, stored.study.nct_id))
    base = f"trials/{page['nct_id']}"
    writer.write(f"{base}/index.html", render_template("trial.html", settings, root, page=page))
    writer.write(f"{base}/print/index.html", render_template("print.html", settings, root, page=page))
    writer.write(f"{base}.json", orjson.dumps(page))


class _Sitemap:
    """Streams sitemap files of at most 50,000 URLs each (the protocol's limit) plus an index."""

    LIMIT = 50_000

    def __init__(self, writer: _Writer, base_url: str):
        self.writer = writer
        self.base_url = base_url.rstrip("/")
        self.entries: list[str] = []
        self.files: list[str] = []

    def add(self, path: str, lastmod: str | None = None) -> None:
        entry = f"<url><loc>{escape(self.base_url + path)}</loc>"
        if lastmod:
            entry += f"<lastmod>{escape(lastmod)}</lastmod>"
        self.entries.append(entry + "</url>")
        if len(self.entries) >= self.LIMIT:
            self._flush()

    def _flush(self) -> None:
        if not self.entries:
            return
        name = f"sitemap-{len(self.files) + 1}.xml"
        body = "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *self.entries, "</urlset>"])
        self.writer.write(name, body + "\n")
        self.files.append(name)
        self.entries = []

    def close(self) -> None:
        self._flush()
        index = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        index += [f"<sitemap><loc>{escape(self.base_url)}/{name}</loc></sitemap>" for name in self.files]
        index.append("</sitemapindex>")
        self.writer.write("sitemap.xml", "\n".join(index) + "\n")


def export_site(
    engine: Engine,
    settings: Settings,
    out: Path,
    root: str = "",
    progress: Callable[[], None] | None = None,
) -> ExportStats:
    """Write the site under `out`. `root` is the URL path the site will live under ('' or '/trials-site')."""
    stats = ExportStats()
    writer = _Writer(out, stats)
    today = dt.date.today()
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    total = count_studies(engine)
    _site_pages(writer, settings, root)
    _home_pages(writer, engine, settings, root, total)
    sitemap = _Sitemap(writer, settings.base_url) if settings.base_url else None
    if sitemap:
        for path in ("/", "/methodology", "/questions"):
            sitemap.add(root + path)
    for stored in iter_stored_studies(engine):
        _trial_files(writer, engine, stored, settings, root, today)
        if sitemap:
            last_update = stored.study.last_update_posted
            sitemap.add(f"{root}/trials/{stored.study.nct_id}", last_update.text if last_update else None)
        stats.trials += 1
        if progress:
            progress()
    if sitemap:
        sitemap.close()
    return stats
