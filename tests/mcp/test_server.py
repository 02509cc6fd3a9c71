"""End to end with the SDK's own client: `trustreg mcp` over stdio (a subprocess) and over
streamable HTTP, against a registry loaded from the bundled data files into its own database.

The question every assistant gets asked: "does Azure OpenAI offer zero data retention, and how do I
get it?" The answer must come with the cell, its steps and its citation, all read from the data."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.conftest import DATA_DIR
from trustreg.buyers import profiles
from trustreg.domain.bundle import Bundle, read_dir
from trustreg.domain.cells import resolve_cell
from trustreg.domain.grades import Grade

TOOLS = {"search_offerings", "get_offering", "get_cell", "compare_offerings", "fit_check", "list_changes",
         "list_questions"}
# Bounds on work, never on speed: a busy machine waits longer, a dead server fails at once.
STARTUP_TRIES = 1200
STARTUP_PAUSE = 0.1


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "trustreg.cli", *args]


@pytest.fixture(scope="module")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A database of its own for the server processes (the test database is not theirs to see)."""
    db = tmp_path_factory.mktemp("mcp") / "registry.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "trustreg.settings"}
    subprocess.run(cli("migrate", "--noinput", "-v0"), env=env, check=True)
    subprocess.run(cli("load", str(DATA_DIR)), env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def expected_answer(bundle: Bundle) -> dict[str, Any]:
    """Azure OpenAI's retention/ZDR cell resolved from the data files, and the steps it implies."""
    o = next(o for o in bundle.offerings if o.id == "azure-openai")
    dim = bundle.catalogue.get("retention_zdr")
    assert dim is not None
    party_cells = {(p.id, d): c for p in bundle.parties for d, c in p.cells.items()}
    cell = resolve_cell(dim, developer_id=o.developer, platform_id=o.platform, offering_cell=o.cells.get(dim.id),
                        scope=o.scopes.get(dim.id), party_cells=party_cells)
    party = next(p.name for p in bundle.parties if p.id == cell.graded_party_id)
    return {"grade": cell.grade, "steps": profiles.step_catalogue().steps_for(cell, party),
            "citations": {(s.url, s.quote) for s in cell.sources}, "label": dim.label}


async def ask_about_zero_retention(client: Client) -> dict[str, Any]:
    """What an assistant does: find the offering, find the question, read the cell."""
    listed = await client.list_tools()
    assert {t.name for t in listed.tools} == TOOLS
    assert all(t.annotations and t.annotations.read_only_hint for t in listed.tools)
    found = (await client.call_tool("search_offerings", {"query": "Azure OpenAI"})).structured_content
    ids = [item["id"] for item in found["items"]]
    assert "azure-openai" in ids
    questions = (await client.call_tool("list_questions", {})).structured_content
    zdr = next(q for q in questions["questions"] if "zero" in q["question"].lower() and "retention" in q["question"].lower())
    answer = await client.call_tool("get_cell", {"offering_id": "azure-openai", "question": zdr["id"]})
    assert not answer.is_error, answer.content
    return answer.structured_content


def check_answer(answer: dict[str, Any], want: dict[str, Any]) -> None:
    cell = answer["cell"]
    assert cell["question"] == "retention_zdr" and cell["grade"] == want["grade"]
    assert Grade(cell["grade"]) in (Grade.YES_PUBLIC, Grade.YES_SALES_GATED)  # a yes, with strings attached
    assert answer["steps"] == want["steps"] and want["steps"], "how to get it: the cell's steps"
    cited = {(c["url"], c["quote"]) for c in cell["citations"]}
    assert cited == want["citations"]
    quoted = [c for c in cell["citations"] if c["quote"]]
    assert quoted and all(c["kept_copy"] and c["kept_copy"]["sha256"] for c in quoted), quoted
    assert answer["page"] == "/offerings/azure-openai/#retention_zdr"


def test_stdio_answers_zero_retention_with_cell_steps_and_citation(server_env: dict[str, str]) -> None:
    async def run() -> dict[str, Any]:
        async with Client(StdioServerParameters(command=sys.executable, args=cli("mcp")[1:], env=server_env)) as c:
            answer = await ask_about_zero_retention(c)
            bad = await c.call_tool("get_cell", {"offering_id": "no-such-offering", "question": "retention_zdr"})
            assert bad.is_error and "offering_id" in bad.content[0].text
            return answer

    check_answer(asyncio.run(run()), expected_answer(read_dir(DATA_DIR)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(STARTUP_TRIES):
        assert proc.poll() is None, f"the server exited with {proc.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=STARTUP_PAUSE * 10).close()
            return
        except OSError:
            time.sleep(STARTUP_PAUSE)
    raise AssertionError(f"nothing listened on port {port} after {STARTUP_TRIES} tries")


def test_streamable_http_answers_the_same_and_compares(server_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(cli("mcp", "--http", "--port", str(port)), env=server_env, stdout=log, stderr=log)
    try:
        wait_for(port, proc)

        async def run() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
            async with Client(f"http://127.0.0.1:{port}/mcp") as c:
                answer = await ask_about_zero_retention(c)
                compared = (await c.call_tool("compare_offerings", {
                    "offering_ids": ["azure-openai", "openai-api"]})).structured_content
                fit = (await c.call_tool("fit_check", {"profile": {"requirements": [
                    {"question": "retention_zdr", "grades": ["yes_public", "yes_sales_gated"]}]}})).structured_content
                return answer, compared, fit

        answer, compared, fit = asyncio.run(run())
    finally:
        proc.terminate()
        proc.wait()
        log.close()
    check_answer(answer, expected_answer(read_dir(DATA_DIR)))
    assert [o["id"] for o in compared["offerings"]] == ["azure-openai", "openai-api"]
    verdicts = {i["offering"]["id"]: i for i in fit["items"]}
    azure = verdicts["azure-openai"]
    assert azure["requirements"][0]["grade"] == answer["cell"]["grade"]
    assert azure["requirements"][0]["evidence_strength"] == answer["cell"]["evidence_strength"]
