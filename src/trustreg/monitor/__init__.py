"""The evidence monitor's runs: `trustreg monitor`, its queue jobs and their recovery.

It sits above the registry because a check is one transaction across two parts: evidence records
the fetch, the kept copy and the quote checks (``evidence.monitor_services``), and when a quote was
found or lost the registry's stored grades follow (``registry.resolved``). Claiming and fetching
are the evidence part's (``evidence.monitor``); this part only runs them and records what they bring.
"""
