"""Rendered public pages kept per public generation and served without rendering (``cache``)."""
