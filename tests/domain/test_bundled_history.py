"""The history bundled with the data: each cell's revisions, oldest first, ending with `current`."""

from __future__ import annotations

import pytest

from tests.conftest import DATA_DIR
from trustreg.domain import yamlio
from trustreg.domain.bundle import BundleError, read_dir
from trustreg.domain.bundled_history import parse_history, read_history
from trustreg.domain.grades import Grade

BUNDLE = read_dir(DATA_DIR)
ENTRY = {"date": "2026-07-05", "by": "AI Provider Trust Registry", "reason": "As published that day."}


def history_of(*entries: dict) -> dict[str, str]:
    return {"history/offerings/openai-api.yaml": yamlio.dump({"revisions": list(entries)})}


def problems(files: dict[str, str]) -> list[str]:
    with pytest.raises(BundleError) as exc:
        parse_history(files, BUNDLE)
    return [str(p) for p in exc.value.problems]


def test_the_bundled_history_dates_every_cell_of_the_registry():
    history = read_history(DATA_DIR, BUNDLE)
    cells = {(f"party:{p.id}", d) for p in BUNDLE.parties for d in p.cells}
    cells |= {(f"offering:{o.id}", d) for o in BUNDLE.offerings for d in [*o.cells, *o.scopes]}
    assert set(history) == cells
    assert all(revs[-1].current and revs[0].date.isoformat() >= "2026-07-05" for revs in history.values())


def test_an_earlier_state_and_then_the_current_one_read_as_two_dated_revisions():
    earlier = {"grade": "unclear", "confidence": "low", "notes": "Not yet researched."}
    history = parse_history(history_of(
        {**ENTRY, "cells": {"retention_zdr": earlier}},
        {**ENTRY, "date": "2026-12-01", "by": "content", "reason": "Researched.", "kind": "reverified",
         "cells": {"retention_zdr": "current"}},
    ), BUNDLE)
    first, second = history[("offering:openai-api", "retention_zdr")]
    assert first.data["grade"] == "unclear" and not first.current and first.by == "AI Provider Trust Registry"
    openai = next(o for o in BUNDLE.offerings if o.id == "openai-api")
    assert second.current and second.data["grade"] == openai.cells["retention_zdr"].grade
    assert second.kind == "reverified" and second.date.isoformat() == "2026-12-01"


def test_a_cell_whose_last_revision_is_not_current_is_refused():
    found = problems(history_of({**ENTRY, "cells": {"retention_zdr": {"grade": "unclear"}}}))
    assert any(p.startswith("history/offerings/openai-api.yaml: cells.retention_zdr: its last revision must be "
                            "'current'") for p in found)


def test_revisions_out_of_order_in_the_future_or_of_unknown_holders_are_refused():
    found = problems(history_of(
        {**ENTRY, "date": "2026-12-01", "cells": {"retention_zdr": {"grade": "unclear"}}},
        {**ENTRY, "cells": {"retention_zdr": "current"}},
    ))
    assert "history/offerings/openai-api.yaml: cells.retention_zdr: revisions must be listed oldest first" in found
    found = problems(history_of({**ENTRY, "date": "2999-01-01", "cells": {"retention_zdr": "current"}}))
    assert any("revisions[0].date: 2999-01-01 is in the future" in p for p in found)
    found = problems({"history/offerings/nobody.yaml": yamlio.dump({"revisions": []})})
    assert "history/offerings/nobody.yaml: there is no offering 'nobody' in the registry (offerings/nobody.yaml)" in found
    found = problems(history_of({**ENTRY, "cells": {"iso_42001": "current"}}))
    assert any("cells.iso_42001: 'current' but offerings/openai-api.yaml records no such cell" in p for p in found)


def test_every_problem_of_an_entry_is_named_with_its_path_and_its_cells_are_still_read():
    found = problems(history_of(
        {"date": "2026-07-05", "by": "", "kind": "rumour", "colour": 1,
         "cells": {"retention_zdr": {"grade": "maybe"}, "nope": "current"}},
        5,
    ))
    prefix = "history/offerings/openai-api.yaml: "
    assert [p for p in found if p.startswith(prefix + "revisions")] == [prefix + p for p in [
        "revisions[0].by: must not be empty",
        "revisions[0].cells.nope: unknown dimension",
        "revisions[0].cells.retention_zdr.grade: text 'maybe' is not one of: " + ", ".join(Grade),
        "revisions[0].colour: unknown field (allowed: by, cells, credit, date, kind, reason)",
        "revisions[0].kind: text 'rumour' is not one of: vendor_changed, reverified, rubric_changed, correction, "
        "editorial",
        "revisions[0].reason: required field is missing",
        "revisions[1]: expected a mapping, got a number (5)",
    ]]
