"""Framework-free domain logic: grades, the catalogue, inheritance, watch-outs, data files.

Nothing in this package imports Django, so it can be used (and tested) on its own.
"""
