"""The registry as data files: read, validate and write them, with no database involved.

Layout of a registry directory::

    registry.yaml            name, licence, disclaimer (optional)
    dimensions.yaml          the catalogue: groups and dimensions
    parties/<id>.yaml        one organisation, with the cells recorded once on it
    offerings/<id>.yaml      one offering, with its own cells and scope entries
    copies/<id>.yaml, .txt   kept copies of sources, with their metadata

Reading never stops at the first problem: every problem is collected and reported as
``file: path.to.field: reason``, and nothing is returned unless the whole directory is valid.

The records are pydantic models (``records``, and ``domain.cells`` for cells, sources and
annotations) whose fields carry the rules of ``domain.fieldtypes``; a failed record's errors come
back as problems, their path taken from pydantic's ``loc``. The package is split by job:
``records`` (what a directory holds, problems), ``validation`` (problems collected per file),
``reader`` and ``cell_reader`` (files to records), ``inheritance`` (checks across files, the
two-level rule) and ``writer`` (records to files, field lists taken from the models).
"""

from trustreg.domain.bundle.cell_reader import read_cell, read_scope
from trustreg.domain.bundle.inheritance import check_inheritance, inheritance_problems
from trustreg.domain.bundle.reader import parse_files, read_dir
from trustreg.domain.bundle.records import (
    CATEGORIES,
    CELL_KEYS,
    DIMENSION_ID_RE,
    ID_RE,
    LIMITS,
    QUALIFIER_RE,
    SCOPE_KEYS,
    SOURCE_KEYS,
    URL_RE,
    Bundle,
    BundleError,
    OfferingRecord,
    PartyRecord,
    Problem,
    RegistryMeta,
)
from trustreg.domain.bundle.validation import Reader
from trustreg.domain.bundle.writer import (
    annotation_data,
    catalogue_data,
    cell_data,
    dump_files,
    offering_data,
    party_data,
    record_data,
    scope_data,
    source_data,
    write_dir,
)

__all__ = [
    "CATEGORIES", "CELL_KEYS", "DIMENSION_ID_RE", "ID_RE", "LIMITS", "QUALIFIER_RE", "SCOPE_KEYS",
    "SOURCE_KEYS", "URL_RE", "Bundle", "BundleError", "OfferingRecord", "PartyRecord", "Problem",
    "Reader", "RegistryMeta", "annotation_data", "catalogue_data", "cell_data", "check_inheritance",
    "dump_files", "inheritance_problems", "offering_data", "parse_files", "party_data", "read_cell", "read_dir", "read_scope",
    "record_data", "scope_data", "source_data", "write_dir",
]
