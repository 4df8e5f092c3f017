"""Search commands: `trialfinder search "..."` and `trialfinder search-index` (rebuild)."""

from __future__ import annotations

import sys
from typing import Optional

import orjson
import typer

from trialfinder.cli import DatabaseOption, _engine, _fail, app, out


@app.command()
def search(
    query: str = typer.Argument("", help="Condition, treatment or words; 'X near PLACE' works too."),
    near: str = typer.Option("", "--near", help="City, postal code or 'lat,lon'."),
    radius: str = typer.Option("", "--radius", help="Distance, e.g. 100, 50km or 30mi (default 100 km)."),
    status: list[str] = typer.Option(None, "--status", help="Overall status (repeatable); 'any' for all. Default: recruiting or not yet."),
    phase: list[str] = typer.Option(None, "--phase", help="PHASE1, PHASE2, ... (repeatable)."),
    study_type: list[str] = typer.Option(None, "--type", help="INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS."),
    sex: str = typer.Option("", "--sex", help="FEMALE or MALE: trials open to that sex."),
    age: str = typer.Option("", "--age", help="A person's age in years."),
    healthy: str = typer.Option("", "--healthy", help="yes: trials accepting healthy volunteers."),
    country: list[str] = typer.Option(None, "--country", help="Site country as the registry spells it (repeatable)."),
    intervention: list[str] = typer.Option(None, "--intervention", help="DRUG, DEVICE, BEHAVIORAL, ... (repeatable)."),
    sponsor_class: list[str] = typer.Option(None, "--sponsor-class", help="INDUSTRY, NIH, OTHER, ... (repeatable)."),
    sort: str = typer.Option("", "--sort", help="relevance, distance or updated (default: distance near a place, else relevance)."),
    page: int = typer.Option(1, "--page", min=1, max=1000),
    per_page: int = typer.Option(20, "--per-page", min=1, max=100),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Search stored trials by condition, place and fit."""
    from trialfinder.search import QueryError, ensure_search_schema, parse_request, run_search

    if format not in ("text", "json"):
        _fail("--format must be text or json", code=2)
    params = {
        "q": query, "near": near, "radius": radius, "status": status or [], "phase": phase or [], "type": study_type or [],
        "sex": sex, "age": age, "healthy": healthy, "country": country or [], "intervention": intervention or [],
        "sponsor_class": sponsor_class or [], "sort": sort, "page": str(page), "per_page": str(per_page),
    }
    engine = _engine(database, create=False)
    ensure_search_schema(engine)
    try:
        result = run_search(engine, parse_request(params))
    except QueryError as exc:
        _fail(str(exc), code=2)
    if format == "json":
        sys.stdout.write(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for message in result.messages:
        out.print(message, highlight=False, markup=False)
    where = ""
    if result.place is not None and result.place.lat is not None:
        where = f" within {result.request.radius_km:g} km of {result.place.label}"
    out.print(f"{result.total} trials{where} ({result.elapsed_ms:.0f} ms)", highlight=False, markup=False)
    for number, hit in enumerate(result.hits, start=(result.request.page - 1) * result.request.per_page + 1):
        out.print(f"{number:>3}. {hit.nct_id}  [{hit.status_label}]  {hit.title}", highlight=False, markup=False)
        out.print(f"     {hit.summary}", highlight=False, markup=False)
        if hit.nearest_site:
            site = hit.nearest_site
            out.print(f"     nearest site: {site.facility or 'a site'}, {site.place} ({site.distance_km:.0f} km)", highlight=False, markup=False)
    if result.pages > 1:
        out.print(f"page {result.request.page} of {result.pages}", highlight=False, markup=False)


@app.command("search-index")
def search_index(database: Optional[str] = DatabaseOption) -> None:
    """Rebuild the search index (full text, site points, browse labels) from the stored records."""
    import time

    from trialfinder.search import ensure_search_schema, rebuild_search_index

    engine = _engine(database, create=False)
    start = time.perf_counter()
    if not ensure_search_schema(engine):
        rebuild_search_index(engine)
    out.print(f"search index rebuilt in {time.perf_counter() - start:.1f} s", highlight=False)
