"""Flags: something for a person to look at, raised by checks, the monitor, ingestion and corrections.

Below evidence and the registry (it names their models by string only), so every part that raises a
flag can reach it. Deciding a flag can publish an annotation on a cell, so that step lives above the
registry, in ``trustreg.workbench.flags``.
"""
