"""Trust Registry: an evidence-backed public registry of AI model offerings."""

__version__ = "0.1.0"
