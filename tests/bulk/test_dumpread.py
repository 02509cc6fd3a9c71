"""Reading a dump line by line: each line's fields are checked by its model, all problems at once."""

import json

import pytest

from trustreg.bulk.dumpread import DumpRefused, read

HEADER = {"type": "header", "format": "trustreg-dump", "version": 1, "generated": "2026-01-01"}
PARTY = {"type": "party", "id": "p", "name": "P", "organisation": "", "url": None, "summary": ""}
SOURCE = {"type": "source", "id": "s", "url": "https://a.example", "canonical_url": "", "archived_url": "",
          "publisher": "", "kind": "blog", "title": "", "last_fetched_at": None}


def problems_of(tmp_path, lines: list[dict]) -> list[str]:
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(DumpRefused) as exc:
        read(path)
    return [str(p).replace(str(path), "d.jsonl") for p in exc.value.problems]


def test_every_field_problem_of_every_line_is_named_with_its_line_and_field(tmp_path):
    lines = [
        HEADER,
        {"type": "registry", "name": "", "license": "", "disclaimer": "", "extra": [1]},
        {**PARTY, "id": "Bad Id", "url": "ftp://x", "colour": 1},
        PARTY,
        {"type": "offering", "id": "o", "name": "O", "developer": "p", "platform": "q", "category": "first_party",
         "model_family": "", "summary": "", "sort_order": True, "extra": {}, "retired_at": "2026-01-01"},
        SOURCE,
        {"type": "copy", "id": "c", "source": "https://b.example", "taken_at": "2026-01-01T00:00:00+00:00",
         "how": "fetched", "status_code": 99, "final_url": "", "content_type": "", "sha256": "", "text": "",
         "text_extractor": "", "extract_error": "", "bundle_copy": "", "provenance": {}},
    ]
    assert problems_of(tmp_path, lines) == [
        "d.jsonl: line 2: extra: expected a mapping",
        "d.jsonl: line 2: name: must not be empty",
        "d.jsonl: line 3: colour: unknown field (allowed: id, name, organisation, summary, url)",
        "d.jsonl: line 3: id: 'Bad Id' is not an id (lower case, digits, -)",
        "d.jsonl: line 3: url: 'ftp://x' is not an http(s) URL",
        "d.jsonl: line 5: platform: 'q' is not a party of this dump",
        "d.jsonl: line 5: retired_at: expected a date and time with its UTC offset",
        "d.jsonl: line 5: sort_order: expected a whole number from -1000000000 to 1000000000",
        "d.jsonl: line 7: source: not the URL of a source of this dump",
        "d.jsonl: line 7: status_code: expected a whole number from 100 to 599",
    ]


def test_a_sound_dump_gives_its_lines_with_their_times_read(tmp_path):
    path = tmp_path / "d.jsonl"
    counts = {"header": 1, "party": 1, "source": 1}
    lines = [HEADER, PARTY, {**SOURCE, "last_fetched_at": "2026-01-02T03:04:05+00:00"},
             {"type": "end", "counts": counts}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    dump = read(path)
    assert [p["id"] for p in dump.parties] == ["p"]
    assert dump.sources[0]["last_fetched_at"].isoformat() == "2026-01-02T03:04:05+00:00"
