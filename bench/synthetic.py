"""A deterministic synthetic registry for benchmarks: N offerings x the bundled dimension catalogue.

The shape follows the real registry: about 60 parties (model developers, serving platforms, and a
few that are both), many offerings per platform, cells recorded once on a party and inherited along
the two-level rule, offerings' own cells (some overriding the party cell, with a reason), scope
entries on inherited cells, prose notes of 300-900 characters, typed facts allowed by each
dimension, 1-3 citations with quotes per cell, a few review annotations, and every grade,
``not_reviewed`` included. The same ``seed`` always gives the same bundle.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta, parse_files
from trustreg.domain.catalogue import Catalogue, Dimension, FactType, Level
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef
from trustreg.domain.fieldtypes import replace
from trustreg.domain.grades import Confidence, Grade

BUNDLED_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "registry" / "dimensions.yaml"

# Weighted like a registry in use: mostly reviewed yes/gated cells, a tail of everything else.
GRADE_WEIGHTS = {
    Grade.YES_PUBLIC: 34, Grade.YES_SALES_GATED: 16, Grade.YES_PLATFORM_ONLY: 5, Grade.PARTIAL: 12,
    Grade.UNCLEAR: 8, Grade.NO_PUBLIC_EVIDENCE: 10, Grade.NO: 6, Grade.NOT_REVIEWED: 4,
}
PREFIXES = [
    "Northwind", "Bluefin", "Cobalt", "Aster", "Helix", "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus",
    "Orchid", "Pioneer", "Quartz", "Redwood", "Solace", "Tundra", "Umber", "Vantage", "Willow", "Xenon",
    "Yarrow", "Zephyr", "Alder", "Basalt", "Cinder", "Delta", "Ember", "Fjord", "Granite", "Harbor",
]
DEV_SUFFIXES = ["AI", "Labs", "Research", "Intelligence"]
PLATFORM_SUFFIXES = ["Cloud", "Compute", "Hosting", "Inference"]
FAMILIES = [
    "Atlas", "Beacon", "Comet", "Drift", "Echo", "Flux", "Glyph", "Halo", "Ion", "Jet", "Kite", "Loom",
]
TIERS = ["self_serve", "enterprise_only", "all_tiers", "paid_tiers"]
ROUTES = ["public", "trust_center_nda", "sales_contract", "click_through", "support_request"]
DEFAULTS = ["enabled", "requires_config", "requires_approval", "opt_out", "opt_in"]
GEOGRAPHIES = ["EU available", "US only", "EU and US regions", "Global processing; EU storage", None]
SENTENCES = [
    "The vendor's current documentation states the commitment for all API customers.",
    "The trust portal lists the report, but downloading it requires signing a non-disclosure agreement.",
    "Scope inclusion for this service was confirmed in the published in-scope services list.",
    "Enterprise customers can request the artefact through their account team after contract signature.",
    "The data-processing addendum incorporates the standard contractual clauses by reference.",
    "Regional processing depends on the deployment type chosen when the endpoint is created.",
    "Abuse-monitoring storage is documented separately and may retain flagged prompts for review.",
    "The help-center article that stated this returned HTTP 403 when fetched, so an archived copy was used.",
    "Secondary sources repeat an older figure that no longer appears on the vendor's current page.",
    "The commitment applies to the API product only; consumer chat products follow different terms.",
    "Zero-data-retention is available after approval of an application form by the vendor.",
    "The certificate names the platform's AI services in scope but not each model family individually.",
    "Customers must enable the option per project; it is not the default for new accounts.",
    "The subprocessor list is published and carries a change-notification subscription.",
    "The developer appears on the European Commission's signatory list for all chapters of the code.",
    "No public statement was found after searching the vendor's documentation, legal and trust pages.",
    "The audit period ends twice a year and bridge letters cover the gap between reports.",
    "The model card links a training-data summary following the Commission's published template.",
]
QUOTES = [
    "We do not use your API inputs or outputs to train our models.",
    "Customer data is processed and stored in the geography you select.",
    "Reports are available to customers under NDA through the trust portal.",
    "Execution of the agreement includes execution of the Business Associate Agreement.",
    "Zero data retention is available for eligible customers upon approval.",
    "Our services are certified against ISO/IEC 27001:2022.",
    "The Standard Contractual Clauses are incorporated into the Data Protection Addendum.",
    "Prompts flagged by abuse monitoring may be retained for up to 30 days.",
    "We have signed the General-Purpose AI Code of Practice.",
    "A summary of the content used for training is published for each model.",
]
SOURCE_KINDS = [  # (kind, primary, path, title)
    ("trust_portal", True, "trust", "Trust portal"),
    ("legal", True, "legal/dpa", "Data Processing Addendum"),
    ("vendor_doc", True, "docs/data-privacy", "Data privacy and security"),
    ("help_center", True, "help/retention", "How long is my data retained?"),
    ("vendor_doc", True, "docs/regions", "Regions and data residency"),
    ("legal", True, "legal/baa", "Business Associate Agreement"),
]
SECONDARY = [  # (kind, host, title); cited as corroboration or as leads, never as primary
    ("registry", "https://aiprovidertrust.example/offerings/", "AI Provider Trust Registry"),
    ("qa_forum", "https://qa.example.org/questions/", "Community Q&A answer"),
    ("blog", "https://blog.example.net/posts/", "Blog post"),
    ("search_snippet", "https://search.example.com/?q=", "Search result snippet"),
]
ANNOTATION_REASONS = [
    "Scope covered under the platform-wide certificate; service-level scope lives in a gated appendix.",
    "Quote moved to a new page with the same wording; canonical URL updated.",
    "Only secondary sources repeat the older figure; the primary page was re-checked and is current.",
]


def bundled_catalogue() -> Catalogue:
    return parse_files({"dimensions.yaml": BUNDLED_CATALOGUE.read_text(encoding="utf-8")}).catalogue


class _Gen:
    def __init__(self, seed: int, catalogue: Catalogue):
        self.rnd = random.Random(seed)
        self.catalogue = catalogue
        self.today = dt.date(2026, 7, 5)
        self.source_pool: dict[str, list[SourceRef]] = {}

    def pick(self, seq: list[Any]) -> Any:
        return seq[self.rnd.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def grade(self) -> str:
        grades, weights = zip(*GRADE_WEIGHTS.items(), strict=True)
        return self.rnd.choices(grades, weights)[0].value

    def prose(self, low: int = 300, high: int = 900) -> str:
        target = self.rnd.randint(low, high)
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(self.pick(SENTENCES))
        text = " ".join(parts)
        return text if len(text) <= high else text[:high].rsplit(" ", 1)[0] + "."

    def date(self, days_back: int = 540) -> dt.date:
        return self.today - dt.timedelta(days=self.rnd.randrange(days_back))

    def fact(self, dim: Dimension, key: str) -> Any:
        t = dim.facts[key].type
        if t is FactType.BOOLEAN:
            return self.chance(0.7)
        if t is FactType.INTEGER:
            return self.pick([0, 7, 30, 90, 365])
        if t is FactType.NUMBER:
            return self.pick([0.5, 1, 2.5, 12])
        if t is FactType.DATE:
            return (self.today + dt.timedelta(days=self.rnd.randrange(30, 900))).isoformat()
        if t is FactType.URL:
            return f"https://trust.example.com/{dim.id}/{key}/{self.rnd.randrange(1000)}"
        if t is FactType.STRING_LIST:
            return self.rnd.sample(["eu-west", "eu-central", "us-east", "us-west", "ap-south", "uk-south"],
                                   self.rnd.randint(1, 4))
        return self.pick([
            "documented on the vendor's compliance page", "semi-annual", "available on request under NDA",
            "Service Trust Portal reports section", "processing confined to EU member states",
            f"{self.pick(FAMILIES)} API (in scope since {self.date().year})",
        ])

    def facts(self, dim: Dimension, exclude: set[str] | None = None, most: int = 3) -> dict[str, Any]:
        keys = [k for k in dim.facts if k not in (exclude or set())]
        chosen = self.rnd.sample(keys, min(len(keys), self.rnd.randint(0, most)))
        return {k: self.fact(dim, k) for k in chosen}

    def party_sources(self, party: PartyRecord) -> list[SourceRef]:
        """Each party has a fixed set of documents, each always described the same way."""
        if party.id not in self.source_pool:
            host = f"https://www.{party.id}.example.com"
            self.source_pool[party.id] = [
                SourceRef(
                    url=f"{host}/{path}", kind=kind, primary=primary, publisher=party.name,
                    title=f"{party.name}: {title}",
                    archived=f"https://web.archive.example/2026/{host[8:]}/{path}" if i % 3 == 0 else None,
                    canonical_url=f"{host}/v2/{path}" if i == 3 else None,
                )
                for i, (kind, primary, path, title) in enumerate(SOURCE_KINDS)
            ]
        return self.source_pool[party.id]

    def citations(self, party: PartyRecord, subject: str, n: int | None = None) -> tuple[SourceRef, ...]:
        refs = []
        pool = self.party_sources(party)
        for ref in self.rnd.sample(pool, n if n is not None else self.rnd.randint(1, 3)):
            refs.append(ref.model_copy(update={"quote": self.pick(QUOTES)}))
        if self.chance(0.2):  # secondary evidence: corroboration or a lead, never primary
            kind, host, title = self.pick(SECONDARY)
            refs.append(SourceRef(
                url=f"{host}{subject}", kind=kind, primary=False, publisher=title,
                title=f"{title}: {subject}", quote=self.pick(QUOTES),
                role=self.pick(["corroborates", "lead"]),
            ))
        return tuple(refs[:3])

    def annotations(self) -> tuple[AnnotationRecord, ...]:
        if not self.chance(0.06):
            return ()
        return (AnnotationRecord(date=self.date(120), decision=self.pick(["dismissed", "resolved"]),
                                 reason=self.pick(ANNOTATION_REASONS)),)

    def cell(self, dim: Dimension, party: PartyRecord, subject: str, override_reason: str = "") -> CellRecord:
        grade = self.grade()
        reviewed = grade != Grade.NOT_REVIEWED
        return CellRecord(
            grade=grade,
            confidence=self.pick([c.value for c in Confidence] + [None]) if reviewed else None,
            summary=self.pick(SENTENCES) if reviewed and self.chance(0.4) else "",
            notes=self.prose() if reviewed else "Queued for review; no evidence has been examined yet.",
            tier=self.pick(TIERS) if reviewed else None,
            route=self.pick(ROUTES) if reviewed else None,
            default=self.pick(DEFAULTS) if reviewed else None,
            geography=self.pick(GEOGRAPHIES) if reviewed and dim.id == "data_residency" else None,
            facts=self.facts(dim) if reviewed else {},
            verified=self.date() if reviewed and self.chance(0.85) else None,
            caveat=self.prose(120, 300) if reviewed and self.chance(0.1) else "",
            override_reason=override_reason,
            sources=self.citations(party, subject) if reviewed else (),
            annotations=self.annotations() if reviewed else (),
        )

    def scope(self, dim: Dimension, party: PartyRecord, inherited: CellRecord, subject: str) -> ScopeRecord:
        return ScopeRecord(
            notes=self.prose(),
            facts=self.facts(dim, exclude=set(inherited.facts), most=1),
            sources=self.citations(party, subject, n=1) if self.chance(0.4) else (),
            annotations=self.annotations(),
        )


def _parties(g: _Gen, n: int) -> tuple[list[PartyRecord], list[PartyRecord], list[PartyRecord]]:
    """(all, developers, platforms): 40% developers only, 40% platforms only, 20% both."""
    n_dev, n_plat = n * 2 // 5, n * 2 // 5
    parties, developers, platforms = [], [], []
    for i in range(n):
        role = "dev" if i < n_dev else "plat" if i < n_dev + n_plat else "both"
        suffix = g.pick(PLATFORM_SUFFIXES if role == "plat" else DEV_SUFFIXES)
        name = f"{PREFIXES[i % len(PREFIXES)]} {suffix}"
        if i >= len(PREFIXES):  # more parties than prefixes: number the second round
            name += f" {i // len(PREFIXES) + 1}"
        pid = name.lower().replace(" ", "-")
        bare = PartyRecord(id=pid, name=name, organisation=name.split()[0] + " Inc.",
                           url=f"https://www.{pid}.example.com", summary=g.prose(120, 400))
        levels = {"dev": {Level.DEVELOPER}, "plat": {Level.PLATFORM}, "both": set(Level)}[role]
        cells = {
            d.id: g.cell(d, bare, pid)
            for d in g.catalogue.dimensions
            if d.level in levels and g.chance(0.8)
        }
        party = replace(bare, cells=cells)
        parties.append(party)
        if role in ("dev", "both"):
            developers.append(party)
        if role in ("plat", "both"):
            platforms.append(party)
    return parties, developers, platforms


def synthetic_bundle(offerings: int = 2000, *, seed: int = 2, parties: int = 60,
                     catalogue: Catalogue | None = None) -> Bundle:
    g = _Gen(seed, catalogue or bundled_catalogue())
    all_parties, developers, platforms = _parties(g, parties)
    # A few big platforms serve most offerings (Zipf-like), as in the real market.
    plat_weights = [1 / (i + 1) for i in range(len(platforms))]
    records = []
    for i in range(offerings):
        platform = g.rnd.choices(platforms, plat_weights)[0]
        first_party = platform in developers and g.chance(0.3)
        developer = platform if first_party else g.pick(developers)
        family = g.pick(FAMILIES)
        oid = f"{family.lower()}-{platform.id}-{i:05d}"[:80]
        cells: dict[str, CellRecord] = {}
        scopes: dict[str, ScopeRecord] = {}
        for d in g.catalogue.dimensions:
            party = platform if d.level is Level.PLATFORM else developer
            inherited = party.cells.get(d.id)
            if inherited is not None:
                roll = g.rnd.random()
                if roll < 0.08:
                    cells[d.id] = g.cell(d, party, oid, override_reason=(
                        f"{family} on {platform.name} is outside the scope of {party.name}'s "
                        "platform-wide commitment; graded on this offering's own evidence."))
                elif roll < 0.33:
                    scopes[d.id] = g.scope(d, party, inherited, oid)
            elif g.chance(0.6):
                cells[d.id] = g.cell(d, party, oid)
        records.append(OfferingRecord(
            id=oid,
            name=f"{developer.name} {family} on {platform.name}",
            developer=developer.id,
            platform=platform.id,
            category="first_party" if developer is platform else "cloud_distribution",
            model_family=family,
            summary=g.prose(200, 600),
            sort_order=i,
            cells=cells,
            scopes=scopes,
            extra={"synthetic_seed": seed} if i % 50 == 0 else {},
        ))
    meta = RegistryMeta(name="Synthetic Trust Registry", license="CC0 (synthetic benchmark data)",
                        disclaimer="Generated for benchmarks; every party and offering is fictitious.")
    return Bundle(meta, g.catalogue, tuple(sorted(all_parties, key=lambda p: p.id)),
                  tuple(sorted(records, key=lambda o: (o.sort_order, o.id))))


def bundle_size(bundle: Bundle) -> dict[str, int]:
    """Counts that describe a dataset: offerings, parties, recorded cells, citations, annotations."""
    records = [c for p in bundle.parties for c in p.cells.values()]
    records += [c for o in bundle.offerings for c in [*o.cells.values(), *o.scopes.values()]]
    return {
        "offerings": len(bundle.offerings),
        "parties": len(bundle.parties),
        "cells": len(records),
        "citations": sum(len(r.sources) for r in records),
        "annotations": sum(len(r.annotations) for r in records),
        "resolved_cells": len(bundle.offerings) * len(bundle.catalogue.dimensions),
    }
