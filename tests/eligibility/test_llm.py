"""LLM rewriter against a loopback server only; bad output falls back."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from trialfinder.eligibility import explain_eligibility
from trialfinder.eligibility.llm import LLMRewriter

pytest.importorskip("httpx")


def _serve(reply):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            payload = json.dumps({"plain": reply(body["text"])}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_damaging_llm_output_falls_back_to_rule_based():
    server = _serve(lambda text: "You cannot join if you are older than 99.")
    try:
        result = explain_eligibility("Exclusion Criteria:\n* Age > 80 years", rewriter=LLMRewriter(
            f"http://127.0.0.1:{server.server_port}/"))
    finally:
        server.shutdown()
    item = result.exclusion[0]
    assert item.fidelity_ok and "99" not in item.plain and "80" in item.plain


def test_faithful_llm_output_is_used():
    server = _serve(lambda text: "You are pregnant.")
    try:
        result = explain_eligibility("Exclusion Criteria:\n* Pregnancy", rewriter=LLMRewriter(
            f"http://127.0.0.1:{server.server_port}/"))
    finally:
        server.shutdown()
    assert result.exclusion[0].plain == "You are pregnant."
