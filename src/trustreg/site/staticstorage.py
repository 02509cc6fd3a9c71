"""The static files' storage: hashed, compressed copies once ``collectstatic`` has run, the files
under their own names before it.

``make run`` (and a deployment) runs ``collectstatic``: every file is then linked by its hashed
name, served by WhiteNoise from ``STATIC_ROOT`` with its brotli and gzip twins and cached for a year
(the name changes with the content). Before any collection (a fresh checkout's tests, a developer's
``runserver``) there is no manifest, and a file is linked by its own name and found by the finders
(settings: ``WHITENOISE_USE_FINDERS`` only then, or with ``TRUSTREG_DEBUG=1``), where a missing
manifest entry would otherwise stop every page.
"""

from __future__ import annotations

from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST = "staticfiles.json"  # ManifestStaticFilesStorage's manifest_name


def collected(static_root: Path) -> bool:
    """Whether ``collectstatic`` has written its hashed copies to ``static_root``."""
    return (static_root / MANIFEST).is_file()


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_name = MANIFEST

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing collected here: the finders serve the file as it is named
            return name
        return str(super().stored_name(name))
