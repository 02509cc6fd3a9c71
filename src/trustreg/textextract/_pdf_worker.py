"""Child process for PDF parsing: limits itself, parses stdin, prints JSON. Never imported by us."""

from __future__ import annotations

import json
import os
import resource
import sys


def _limit() -> None:
    memory = int(os.environ.get("TRUSTREG_PDF_MEMORY_LIMIT", str(768 * 1024 * 1024)))
    cpu = int(os.environ.get("TRUSTREG_PDF_CPU_SECONDS", "11"))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    _limit()
    data = sys.stdin.buffer.read()
    import io
    import logging

    logging.disable(logging.CRITICAL)
    import pypdf
    from pypdf.errors import PdfReadError

    max_pages = int(os.environ.get("TRUSTREG_PDF_MAX_PAGES", "2000"))
    max_chars = int(os.environ.get("TRUSTREG_PDF_MAX_CHARS", "10000000"))
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001
                print("ERROR the PDF is encrypted", file=sys.stderr)
                return 2
        pages: list[str] = []
        total = 0
        for index, page in enumerate(reader.pages):
            if index >= max_pages:
                break
            text = page.extract_text() or ""
            total += len(text)
            if total > max_chars:
                print(f"ERROR the PDF's text exceeds {max_chars} characters", file=sys.stderr)
                return 2
            pages.append(text)
        info = {}
        try:
            meta = reader.metadata or {}
            for ours, theirs in (("title", "/Title"), ("author", "/Author")):
                value = meta.get(theirs)
                if isinstance(value, str) and value.strip():
                    info[ours] = value.strip()[:400]
            for ours, attr in (("published", "creation_date"), ("updated", "modification_date")):
                value = getattr(meta, attr, None)
                if value is not None:
                    info[ours] = value.isoformat()
        except Exception:  # noqa: BLE001, S110 - metadata is optional; text is what matters
            pass
    except MemoryError:
        print("MemoryError", file=sys.stderr)
        return 3
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        print(f"ERROR the PDF is malformed ({type(exc).__name__}: {str(exc)[:200]})", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - any crash of the parser is a parser failure
        if type(exc).__name__ == "LimitReachedError":
            print("ERROR the PDF exceeds the parser's limits (decompression bomb?)", file=sys.stderr)
        else:
            print(f"ERROR the PDF parser failed ({type(exc).__name__})", file=sys.stderr)
        return 2
    json.dump({"pages": pages, "metadata": info, "pypdf_version": pypdf.__version__}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
