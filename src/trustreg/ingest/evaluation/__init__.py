"""Evaluation of the extractor, kept apart from production: gold files and scores (``metrics``), the
batch contract evaluation tools call (``batch``) and the optional LLM client (``llm``).

Production ingest modules never import this package (an import-linter contract in pyproject.toml
says so); the ``extract`` and ``extract-eval`` commands are its entry points.
"""
