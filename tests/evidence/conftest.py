import dataclasses
import io
import ipaddress
import socket

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from trustreg.evidence.fetch import Fetcher, FetchSettings

from .evidence_scenarios import Page, ScenarioServer, html


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


# Never depend on the machine's speed: a fetch that should succeed (or be cut off by the byte cap)
# gets time limits far beyond what it needs on a busy machine; only the tests that expect a timeout
# use the impatient fetcher, against scenarios that take at least 10x its limits.
PATIENT = {"total_timeout": 60.0, "read_timeout": 30.0, "connect_timeout": 30.0}
IMPATIENT = {"total_timeout": 0.5, "read_timeout": 0.3, "connect_timeout": 30.0}


@pytest.fixture
def loopback_settings():
    return FetchSettings(allow_loopback=True, per_host_delay=0, max_bytes=1_000_000, **PATIENT)


@pytest.fixture
def fetcher(loopback_settings):
    with Fetcher(loopback_settings) as f:
        yield f


@pytest.fixture
def impatient_fetcher():
    with Fetcher(FetchSettings(allow_loopback=True, per_host_delay=0, **IMPATIENT)) as f:
        yield f


# -- the monitor over the bundled registry ------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("monitor", "run", "--no-progress", *args, stdout=out)
    return out.getvalue()


def page_for(source):
    from trustreg.evidence.models import Citation

    quotes = [c.quote for c in Citation.objects.filter(source=source).exclude(quote="")]
    return html(source.title or "Vendor page", "Introduction to our commitments.", *quotes, "Contact us.")


@pytest.fixture
def monitored(server, settings):
    """The bundled registry, each source served by the loopback server with its quotes on the page."""
    settings.TRUSTREG_FETCH = {"allow_loopback": True, "per_host_delay": 0, "max_bytes": 1_000_000, **PATIENT}
    settings.TRUSTREG_MONITOR = {"run_backoff_seconds": 0.0, "threads": 4}
    from trustreg.domain.bundle import read_dir
    from trustreg.evidence.models import Source
    from trustreg.registry.services import registry_load

    # Without its bundled copies, so that every snapshot and quote check counted here is the monitor's.
    bundle = read_dir(django_settings.REGISTRY_DATA_DIR)
    registry_load(actor="test", bundle=dataclasses.replace(bundle, copies=()), reason="test")
    sources = list(Source.objects.order_by("pk"))
    for source in sources:
        path = f"/src/{source.pk}"
        Source.objects.filter(pk=source.pk).update(url=server.url(path), canonical_url="")
        server.pages[path] = Page(page_for(source))
    return server


def quoted_source():
    from trustreg.evidence.models import Source

    return Source.objects.filter(citations__quote__gt="").order_by("pk").distinct().first()
