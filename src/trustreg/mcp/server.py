"""The MCP server: the read-only tools of ``mcp.tools``, described for an assistant.

Served over stdio (``trustreg mcp``) or streamable HTTP (``trustreg mcp --http``). Tools are
plain synchronous functions: the SDK runs them in a worker thread, where the Django ORM may be used.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError as SdkToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from trustreg.mcp import tools

INSTRUCTIONS = """\
The Trust Registry: an evidence-backed registry of the trust, privacy and compliance posture of AI
model offerings. Each offering has one cell per question (SOC 2, HIPAA BAA, training on customer data,
retention and zero data retention, EU residency, EU AI Act duties...) with a grade, its evidence
(citations with verbatim quotes found in kept copies of the sources, their URLs and dates), its
qualifiers and facts. Cite the quote and source URL of a cell when you answer from it. Grades
"not reviewed", "unclear" and secondary-only or expired evidence are not a yes.
Start with search_offerings (ids), then get_cell (one question, with the steps to get it) or
get_offering (every cell); list_questions gives question ids; fit_check runs a requirement profile."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

Text = Annotated[str, Field(max_length=200)]
Date = Annotated[str | None, Field(default=None, description="YYYY-MM-DD: the registry as it was that day")]


def _guarded(fn: Any) -> Any:
    """A bad argument answers as a tool error naming it (the SDK shows it to the assistant)."""

    def call(**kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except tools.ToolError as exc:
            raise SdkToolError(str(exc)) from None

    return call


def build_server() -> MCPServer:
    server = MCPServer(name="trust-registry", title="Trust Registry", instructions=INSTRUCTIONS)

    @server.tool(annotations=READ_ONLY)
    def search_offerings(
        query: Annotated[str, Field(max_length=200, description="Free text: name, developer, platform")] = "",
        developer: Text = "", platform: Text = "", category: Text = "",
        question: Annotated[str, Field(max_length=200, description="A question id or slug (with grade)")] = "",
        grade: Annotated[str, Field(max_length=40, description="A grade such as yes_public (with question)")] = "",
        limit: Annotated[int, Field(ge=1, le=tools.MAX_LIMIT)] = 20, cursor: str | None = None,
    ) -> dict[str, Any]:
        """Find offerings by text, developer, platform, category, or a grade in one question; each with
        its grade per question and evidence strength."""
        return _guarded(tools.search_offerings)(query=query, developer=developer, platform=platform,
                                                category=category, question=question, grade=grade,
                                                limit=limit, cursor=cursor)

    @server.tool(annotations=READ_ONLY)
    def get_offering(offering_id: Text, as_of: Date = None) -> dict[str, Any]:
        """Every cell of one offering: grade, confidence, qualifiers, facts, notes, dates, where the cell
        comes from (two-level rule) and its citations with quotes and kept copies."""
        return _guarded(tools.get_offering)(offering_id=offering_id, as_of=as_of)

    @server.tool(annotations=READ_ONLY)
    def get_cell(offering_id: Text, question: Annotated[str, Field(max_length=200, description=(
            "A question id (retention_zdr, hipaa_baa...) or its slug"))], as_of: Date = None) -> dict[str, Any]:
        """One cell of one offering with its evidence (citations, quotes, kept copies, dates) and the
        steps a buyer must take to get what it grades (e.g. how to obtain zero data retention)."""
        return _guarded(tools.get_cell)(offering_id=offering_id, question=question, as_of=as_of)

    @server.tool(annotations=READ_ONLY)
    def compare_offerings(offering_ids: Annotated[list[str], Field(min_length=2, max_length=4)],
                          as_of: Date = None) -> dict[str, Any]:
        """Two to four offerings side by side, question by question, with the rows that differ."""
        return _guarded(tools.compare_offerings)(offering_ids=offering_ids, as_of=as_of)

    @server.tool(annotations=READ_ONLY)
    def fit_check(preset: Annotated[str, Field(max_length=200, description="A preset profile id")] = "",
                  profile: Annotated[dict[str, Any] | None, Field(description=(
                      "A requirement profile: {title, requirements: [{question, grades?, forbid?, all_of?, "
                      "any_of?, geography_mentions?}]}"))] = None,
                  cursor: str | None = None,
                  limit: Annotated[int, Field(ge=1, le=tools.MAX_LIMIT)] = 50) -> dict[str, Any]:
        """Which offerings meet a requirement profile (meets, meets after steps, does not meet, unknown),
        with the steps to take; give a preset id or a profile. One page, best first, with the counts
        over every offering: pass next_cursor to resume."""
        return _guarded(tools.fit_check)(preset=preset, profile=profile, cursor=cursor, limit=limit)

    @server.tool(annotations=READ_ONLY)
    def list_changes(since: Annotated[str, Field(max_length=40, description="YYYY-MM-DD")],
                     cursor: str | None = None,
                     limit: Annotated[int, Field(ge=1, le=tools.MAX_LIMIT)] = 50) -> dict[str, Any]:
        """Published changes to cells since a date, oldest first; pass next_cursor to resume."""
        return _guarded(tools.list_changes)(since=since, cursor=cursor, limit=limit)

    @server.tool(annotations=READ_ONLY)
    def list_questions() -> dict[str, Any]:
        """The question catalogue: ids, slugs, labels, levels (two-level rule), facts and freshness."""
        return tools.list_questions()

    return server
