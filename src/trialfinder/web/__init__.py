"""The web face: page data, templates, the ASGI app and its JSON API."""
