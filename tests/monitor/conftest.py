"""The monitor's runs are tested against the evidence tests' loopback server and bundled registry."""

from tests.evidence.conftest import (  # noqa: F401 (fixtures, found by name)
    monitored,
    only_loopback_connections,
    scenario_server,
    server,
)
