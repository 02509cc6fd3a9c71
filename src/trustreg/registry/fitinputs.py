"""The fit inputs the stored grades and spans name (``FitInput``), written beside them.

``resolved.row_of`` names each row's fit inputs by a key (``domain.fitkeys``) and collects the
inputs; ``fit_inputs_write`` adds those not kept yet, in the same transaction as the rows. The fit
check reads a question's distinct keys from the rows and their inputs from here (``buyers.fitpage``).
"""

from __future__ import annotations

from trustreg.dbinsert import values_insert
from trustreg.registry.models import FitInput

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
    values_insert(FitInput, ("key", "dimension_id", "inputs"), new)
    return len(new)
