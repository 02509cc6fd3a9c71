import ipaddress
import socket

import pytest

from trustreg.evidence.fetch import Fetcher, FetchSettings

from .evidence_scenarios import ScenarioServer


@pytest.fixture(autouse=True)
def only_loopback_connections(monkeypatch):
    """Belt and braces: whatever the code under test decides, no socket leaves this machine."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        host = address[0]
        assert ipaddress.ip_address(host.split("%")[0]).is_loopback, f"test tried to connect to {host}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture(scope="session")
def scenario_server():
    server = ScenarioServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(scenario_server):
    scenario_server.pages.clear()
    scenario_server.sequences.clear()
    with scenario_server.lock:
        scenario_server.requests.clear()
    return scenario_server


@pytest.fixture
def loopback_settings():
    return FetchSettings(
        allow_loopback=True,
        per_host_delay=0,
        total_timeout=1.0,
        read_timeout=0.6,
        connect_timeout=1.0,
        max_bytes=1_000_000,
    )


@pytest.fixture
def fetcher(loopback_settings):
    with Fetcher(loopback_settings) as f:
        yield f
