"""Optional rewriter backed by an HTTP LLM endpoint (httpx, if installed).

POSTs {"text", "section", "framed"} as JSON to ``url`` and expects {"plain": "..."}.
Its output goes through the same fidelity checker as the rule-based rewrite;
``explain`` falls back to the rule-based rewrite when the check fails.
"""

from __future__ import annotations

from .rewrite import RewriteContext


class LLMRewriter:
    def __init__(self, url: str, timeout: float = 10.0, headers: dict | None = None):
        self.url = url
        self.timeout = timeout
        self.headers = headers or {}

    def rewrite(self, text: str, section: str, framed: bool, context: RewriteContext) -> str:
        import httpx  # optional dependency; ImportError makes explain() use the fallback

        response = httpx.post(self.url, json={"text": text, "section": section, "framed": framed},
                              headers=self.headers, timeout=self.timeout)
        response.raise_for_status()
        plain = response.json().get("plain")
        if not isinstance(plain, str):
            raise ValueError("endpoint returned no 'plain' string")
        return plain
