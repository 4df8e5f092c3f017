"""A real uvicorn server on loopback, serving the corpus store."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from trialfinder.config import Settings
from trialfinder.web.app import create_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def settings():
    return Settings(database_url="unused", site_name="TrialFinder Test", base_url="")


@pytest.fixture(scope="session")
def live_server(corpus_engine, settings):
    with LiveServer(create_app(corpus_engine, settings)) as server:
        yield server


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=30) as http:
        yield http
