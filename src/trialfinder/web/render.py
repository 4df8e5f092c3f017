"""Turn page data into HTML, JSON or text; shared by the server, `show` and the static export."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape

from trialfinder import __version__
from trialfinder.config import Settings
from trialfinder.ctgov.record import STATUS_LABELS
from trialfinder.web.page import SECTION_IDS

TEMPLATES = Path(__file__).parent / "templates"


def flatten_items(items: list[dict]) -> list[dict]:
    """Criteria in reading order with their sub-items, for flat lists (print)."""
    flat = []
    for item in items:
        flat.append(item)
        flat.extend(flatten_items(item.get("children") or []))
    return flat


def fit_items(items: list[dict], budget: int) -> tuple[list[dict], int]:
    """The leading items (sub-items included) whose text fits in `budget` characters, and how many were left out.

    The printable summary must stay on one page; what does not fit is counted, never silently dropped.
    """
    items = flatten_items(items)
    shown, used = [], 0
    for item in items:
        used += len(item["plain"]) + 12 + sum(len(entry) + 12 for entry in item.get("sublist") or ())
        if shown and used > budget:
            break
        shown.append(item)
    return shown, len(items) - len(shown)


@lru_cache(maxsize=4)
def environment(root: str = "", static_prefix: str = "/static") -> Environment:
    """`root` prefixes site links, so a static export can live under a sub-path."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        root=root,
        static_url=lambda name: f"{root}{static_prefix}/{name}",
        generator=f"trialfinder {__version__}",
        status_labels=STATUS_LABELS,
        fit_items=fit_items,
    )
    return env


def render_template(name: str, settings: Settings, root: str = "", **context) -> str:
    return environment(root).get_template(name).render(
        site_name=settings.site_name, base_url=(settings.base_url or "").rstrip("/"), **context
    )


def render_page_html(page: dict, settings: Settings, root: str = "") -> str:
    return render_template("trial.html", settings, root, page=page)


def render_print_html(page: dict, settings: Settings, root: str = "") -> str:
    return render_template("print.html", settings, root, page=page)


def render_page_json(page: dict, settings: Settings | None = None) -> str:
    return orjson.dumps(page, option=orjson.OPT_INDENT_2).decode()


def _text_lines(value, indent: int = 0) -> list[str]:
    pad = " " * indent
    if value is None or value == [] or value == {}:
        return []
    if isinstance(value, str):
        return textwrap.wrap(value, 100, initial_indent=pad, subsequent_indent=pad) or [pad]
    if isinstance(value, (int, float, bool)):
        return [pad + str(value)]
    if isinstance(value, list):
        lines = []
        for item in value:
            sub = _text_lines(item, indent + 2)
            if sub:
                sub[0] = pad + "- " + sub[0].lstrip()
                lines.extend(sub)
        return lines
    lines = []
    for key, item in value.items():
        sub = _text_lines(item, indent + 2)
        if not sub:
            continue
        if len(sub) == 1 and not isinstance(item, (list, dict)):
            lines.append(f"{pad}{key}: {sub[0].strip()}")
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(sub)
    return lines


def render_page_text(page: dict, settings: Settings | None = None) -> str:
    lines = [f"{page['title']} ({page['nct_id']})", page["official_url"], ""]
    for section_id in SECTION_IDS:
        lines.append(f"== {section_id} ==")
        lines.extend(_text_lines(page["sections"][section_id]))
        lines.append("")
    return "\n".join(lines)
