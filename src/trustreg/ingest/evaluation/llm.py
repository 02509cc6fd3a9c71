"""An optional extractor backed by an OpenAI-compatible chat-completions endpoint. Off by default.

Configured by the operator (never by a user): ``TRUSTREG_LLM_URL`` (base URL ending in ``/v1``),
``TRUSTREG_LLM_KEY`` and ``TRUSTREG_LLM_MODEL``. The model's answer is untrusted input: every claim
is checked against the catalogue, its facts must be plain values, and its quote must be found
verbatim in the passage, or the claim is dropped.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import httpx

from trustreg.ingest.extractor import POLARITIES, Claim
from trustreg.ingest.questions import DIMENSIONS

MAX_RESPONSE_BYTES = 1_000_000
MAX_PASSAGE_CHARS = 8_000

SYSTEM_PROMPT = (
    "You read one passage of a document about an AI model offering and list what it states about these "
    "dimensions: " + ", ".join(DIMENSIONS) + ". For each dimension the passage speaks about, give its "
    "polarity (positive: the commitment/certification/option exists; negative: it does not; conditional: "
    "only under a condition; unclear: the passage is unsure), facts it states explicitly (for example "
    "retention_days, zdr_available, zdr_requires_approval, no_training, not_available_to_developer, "
    "deployment_types, regions, signatory_status), and the exact quote copied character for character. "
    'Answer with JSON only: {"claims": [{"dimension": ..., "polarity": ..., "facts": {...}, "quote": ...}]}. '
    'Answer {"claims": []} when the passage is about none of them.'
)


class LLMUnavailable(RuntimeError):
    """The endpoint is not configured, unreachable, or answered something unusable."""


@dataclass(frozen=True)
class LLMConfig:
    url: str
    key: str
    model: str
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> LLMConfig | None:
        url = os.environ.get("TRUSTREG_LLM_URL", "").strip()
        if not url:
            return None
        if not re.match(r"https?://", url):
            raise LLMUnavailable(f"TRUSTREG_LLM_URL {url!r}: expected an http(s) URL")
        return cls(
            url=url.rstrip("/"),
            key=os.environ.get("TRUSTREG_LLM_KEY", ""),
            model=os.environ.get("TRUSTREG_LLM_MODEL", "default"),
        )


class LLMExtractor:
    def __init__(self, config: LLMConfig, *, client: httpx.Client | None = None):
        self.config = config
        self.name = f"llm/{config.model}"[:100]
        self._client = client or httpx.Client(timeout=config.timeout, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def extract(self, text: str) -> list[Claim]:
        text = text[:MAX_PASSAGE_CHARS]
        if not text.strip():
            return []
        return validated_claims(self._ask(text), text, extractor=self.name)

    def _ask(self, text: str) -> Any:
        body = {
            "model": self.config.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}],
        }
        headers = {"Authorization": f"Bearer {self.config.key}"} if self.config.key else {}
        try:
            with self._client.stream(
                "POST", f"{self.config.url}/chat/completions", json=body, headers=headers
            ) as response:
                if response.status_code != 200:
                    raise LLMUnavailable(f"the model endpoint answered HTTP {response.status_code}")
                raw = bytearray()
                for chunk in response.iter_bytes():
                    raw += chunk
                    if len(raw) > MAX_RESPONSE_BYTES:
                        raise LLMUnavailable(f"the model's answer exceeds {MAX_RESPONSE_BYTES} bytes")
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"the model endpoint is unreachable ({type(exc).__name__})") from None
        try:
            content = json.loads(bytes(raw))["choices"][0]["message"]["content"]
            return json.loads(_strip_fences(content))
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMUnavailable("the model's answer is not the JSON asked for") from None


def _strip_fences(content: str) -> str:
    match = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return match.group(1) if match else content


def _plain(value: Any) -> bool:
    if isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= 500
    if isinstance(value, list):
        return len(value) <= 20 and all(isinstance(v, str) and len(v) <= 200 for v in value)
    return False


def validated_claims(answer: Any, text: str, *, extractor: str) -> list[Claim]:
    """The model's claims that pass every check; one per dimension, quotes found verbatim."""
    items = answer.get("claims") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        return []
    claims: dict[str, Claim] = {}
    for item in items[:50]:
        if not isinstance(item, dict):
            continue
        dimension, polarity, quote = item.get("dimension"), item.get("polarity"), item.get("quote")
        facts = item.get("facts") or {}
        if dimension not in DIMENSIONS or polarity not in POLARITIES or dimension in claims:
            continue
        if not isinstance(quote, str) or not quote.strip() or not isinstance(facts, dict):
            continue
        start = text.find(quote)
        if start < 0:
            continue  # a quote the passage does not contain is invented: drop the claim
        clean_facts = {str(k)[:60]: v for k, v in facts.items() if _plain(v)}
        claims[dimension] = Claim(
            dimension=dimension,
            polarity=polarity,
            facts=clean_facts,
            quote=quote,
            start=start,
            end=start + len(quote),
            rules=("llm",),
            extractor=extractor,
        )
    return [claims[d] for d in DIMENSIONS if d in claims]


def combined(rule_claims: list[Claim], model_claims: list[Claim]) -> list[Claim]:
    """Rules first; the model only adds dimensions the rules did not find."""
    found = {c.dimension for c in rule_claims}
    merged = rule_claims + [c for c in model_claims if c.dimension not in found]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(merged, key=lambda c: order[c.dimension])
