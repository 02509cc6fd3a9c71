"""The Procfile: every process it starts is a command that exists, given arguments it accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from gunicorn.config import Config

from trustreg.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def procfile() -> dict[str, list[str]]:
    lines = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            lines[name.strip()] = shlex.split(command)
    return lines


def test_the_procfile_runs_the_site_the_monitor_the_mcp_server_and_the_webhooks_and_bulk_workers():
    lines = procfile()
    assert set(lines) == {"web", "monitor", "mcp", "webhooks", "bulk"}
    assert lines["bulk"][1:] == ["bulk", "worker"]
    assert lines["mcp"][1:4] == ["mcp", "--http", "--port"]
    assert lines["webhooks"][1:] == ["webhooks", "worker"]


@pytest.mark.parametrize("name", sorted(procfile()))
def test_each_procfile_line_is_a_command_that_accepts_its_arguments(name):
    program, *args = procfile()[name]
    assert program.startswith(".venv/bin/")
    if program.endswith("/gunicorn"):
        parsed = Config().parser().parse_args(args)  # exits on an unknown option
        module, _, attribute = parsed.args[0].partition(":")
        assert (ROOT / "src" / Path(*module.split("."))).with_suffix(".py").is_file() and attribute
        assert (ROOT / parsed.config).is_file()
        return
    assert program.endswith("/trustreg")
    verb, *rest = args
    command = COMMANDS.get(verb, verb)
    app = get_commands()[command]  # KeyError: no such management command
    parser = load_command_class(app, command).create_parser("trustreg", verb)
    parser.parse_args(rest)  # CommandError on an unknown or malformed argument


def test_the_first_start_steps_collect_the_static_files_the_pages_link():
    # Without collectstatic the web processes serve the stylesheet uncompressed, unhashed and cached
    # for a minute (WHITENOISE_USE_FINDERS), and the README says a deployment runs it.
    steps = next(line for line in (ROOT / "Procfile").read_text().splitlines() if "Before the first start" in line)
    assert "trustreg collectstatic --noinput" in steps
    readme = (ROOT / "README.md").read_text()
    assert "`trustreg collectstatic --noinput`" in readme.split("Before the first start:", 1)[1][:300]
