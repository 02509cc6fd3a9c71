"""The fit inputs the stored grades and spans name (``FitInput``), written beside them.

``resolved.row_of`` names each row's fit inputs by a key (``domain.fitkeys``) and collects the
inputs; ``fit_inputs_write`` adds those not kept yet, typed too (columns and ``FitFact`` rows), in
the same transaction as the rows. The fit check groups the inputs of a question by what each
requirement reads of them (``buyers.fitgroups``) and maps the rows' keys to verdicts in SQL.
"""

from __future__ import annotations

from trustreg.dbinsert import values_insert
from trustreg.domain.fitkeys import columns_of
from trustreg.registry.models import FitFact, FitInput

FitInputs = dict[str, tuple[str, str]]  # key -> (dimension id, canonical inputs)
PER_QUERY = 500


def fit_inputs_write(inputs: FitInputs) -> int:
    """Keep the inputs not kept yet; how many were added. A key names one text (a hash of the
    question and the inputs), so one already kept is left as it is."""
    keys = sorted(inputs)
    known: set[str] = set()
    for i in range(0, len(keys), PER_QUERY):
        known.update(FitInput.objects.filter(key__in=keys[i:i + PER_QUERY]).values_list("key", flat=True))
    new = [(key, *inputs[key]) for key in keys if key not in known]
    rows, facts = [], []
    for key, dimension_id, text in new:
        typed = columns_of(text)
        rows.append((key, dimension_id, text, typed.grade, typed.record, *typed.qualifiers, typed.geography))
        facts += [(key, name, value) for name, value in typed.facts]
    values_insert(FitInput, ("key", "dimension_id", "inputs", "grade", "record", "q_tier", "q_route", "q_default",
                             "geography"), rows)
    values_insert(FitFact, ("input_id", "name", "value"), facts)
    return len(new)
