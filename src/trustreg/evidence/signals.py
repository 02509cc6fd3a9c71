"""What the evidence part tells the parts above it, without importing them.

``quote_states_changed`` is sent inside the transaction that recorded quote checks which moved some
quote's state (found or lost), with ``source_ids``: the sources whose citations it moves. Receivers
run in that same transaction (a Django signal is a plain call), so what they write commits or rolls
back with the checks. The registry connects its stored resolved grades to it (``RegistryConfig``).
"""

from __future__ import annotations

from django.dispatch import Signal

quote_states_changed = Signal()
