"""Bug 1: no public page is wider than the viewport, on a phone (390 px) or a laptop (1280 px).

Wide tables scroll in their own box; the page itself never scrolls sideways.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.browser import chromium, shot
from trustreg.evidence import exposure
from trustreg.registry.models import Revision
from trustreg.registry.services import registry_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


def public_pages(bundled) -> list[str]:  # noqa: ANN001
    offerings = [o.id for o in bundled.offerings]
    pages = ["/", "/compare/", f"/compare/{offerings[0]}-vs-{offerings[1]}/", "/methodology/", "/changelog/",
             "/fit/", "/no-such-page/"]
    pages += [f"/offerings/{o}/" for o in offerings] + [f"/offerings/{o}/history/" for o in offerings[:2]]
    pages += [f"/questions/{d.slug}/" for d in bundled.catalogue.dimensions]
    revision = Revision.objects.order_by("id").first()
    assert revision is not None
    pages.append(f"/changelog/{revision.pk}/")
    visitor = AnonymousUser()
    sources = list(exposure.visible_sources(visitor).order_by("pk"))
    assert sources, "the bundled registry cites public sources"
    pages += [f"/sources/{s.public_id}/" for s in sources]
    copies = [c for s in sources for c in exposure.visible_copies(visitor, s)[:1]]
    pages += [f"/sources/{c.source.public_id}/copies/{c.public_id}/" for c in copies[:3]]
    return pages


def test_no_public_page_is_wider_than_the_viewport(live_server, bundled):
    registry_load(actor="test", bundle=bundled)
    pages = public_pages(bundled)
    too_wide = []
    with chromium() as browser:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in pages:
                page.goto(live_server.url + path)
                seen = page.evaluate("document.documentElement.scrollWidth")
                if seen > width:
                    too_wide.append(f"{path} at {width} px is {seen} px wide")
                    shot(page, f"too-wide-{width}{path.replace('/', '_')}")
            page.close()
    assert too_wide == [], "\n".join(too_wide)
