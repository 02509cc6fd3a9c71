"""When evidence expires: a cell's verified date plus its dimension's freshness policy.

One definition, used by the public cell, the workbench and the expiry check.
"""

from __future__ import annotations

import datetime as dt


def expires_on(verified: dt.date | None, freshness_days: int) -> dt.date | None:
    if verified is None:
        return None
    return verified + dt.timedelta(days=freshness_days)


def is_expired(verified: dt.date | None, freshness_days: int, today: dt.date) -> bool:
    expires = expires_on(verified, freshness_days)
    return expires is not None and expires < today
