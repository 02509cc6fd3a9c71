"""Kept copies bundled with the data: their metadata and hash are checked, and so is every quote
that names one (the reader refuses the registry, naming the file, field and reason)."""

from __future__ import annotations

import datetime as dt
import hashlib

from tests.domain.test_bundle import files_of, problems_for, with_offering
from trustreg.domain import yamlio
from trustreg.domain.bundle import dump_files, parse_files

URL = "https://learn.microsoft.com/en-us/legal/cognitive-services/openai/data-privacy"
TEXT = "Your prompts (inputs) and completions (outputs):\n  are NOT available to OpenAI.\r\n"


def copy_files(text: str = TEXT, **changes: object) -> dict[str, str]:
    meta = {
        "url": URL, "title": "Data, privacy, and security for Azure OpenAI Service", "publisher": "Microsoft",
        "kind": "vendor_doc", "retrieved": "2026-07-05", "retrieved_is_copy_date": True,
        "obtained": "excerpt of a stored public copy of the page", "public": True,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "primary_for": ["microsoft-azure"],
    }
    meta.update(changes)
    return {"copies/azure-data-privacy.yaml": yamlio.dump(meta), "copies/azure-data-privacy.txt": text}


def citing(files: dict[str, str], quote: str, copy: str = "azure-data-privacy") -> dict[str, str]:
    def mutate(d: dict) -> None:
        source = d["cells"]["training_on_customer_data"]["sources"][0]
        source.update(quote=quote, copy=copy)
    return with_offering(files, "offerings/azure-openai.yaml", mutate)


def test_a_quote_found_in_its_kept_copy_reads_and_keeps_its_copy():
    bundle = parse_files(citing({**files_of(), **copy_files()}, "are NOT available to OpenAI"))
    (copy,) = [c for c in bundle.copies if c.id == "azure-data-privacy"]
    assert copy.text == TEXT and copy.public and copy.retrieved.isoformat() == "2026-07-05"
    azure = next(o for o in bundle.offerings if o.id == "azure-openai")
    assert azure.cells["training_on_customer_data"].sources[0].copy == "azure-data-privacy"


def test_a_quote_missing_from_its_kept_copy_is_refused_naming_the_cell_and_the_copy():
    files = citing({**files_of(), **copy_files()}, "are NOT used to train any generative AI foundation models")
    assert ("offerings/azure-openai.yaml: cells.training_on_customer_data.sources[0].quote: the quote was "
            "not found in copies/azure-data-privacy.txt's text") in "\n".join(problems_for(files))


def test_a_copy_whose_hash_does_not_match_its_text_is_refused():
    files = {**files_of(), **copy_files(sha256="0" * 64)}
    expected = hashlib.sha256(TEXT.encode()).hexdigest()
    assert (f"copies/azure-data-privacy.yaml: sha256: does not match copies/azure-data-privacy.txt "
            f"(its SHA-256 is {expected})") in problems_for(files)


def test_a_source_cannot_name_a_copy_of_another_page_or_a_copy_that_does_not_exist():
    files = {**files_of(), **copy_files(url="https://example.com/other")}
    problems = "\n".join(problems_for(citing(files, "are NOT available to OpenAI")))
    assert "sources[0].copy: copies/azure-data-privacy.yaml is a copy of https://example.com/other" in problems
    problems = "\n".join(problems_for(citing(files_of(), "are NOT available to OpenAI", copy="nowhere")))
    assert "sources[0].copy: no kept copy 'nowhere'" in problems


def test_a_copy_needs_its_text_its_metadata_and_honest_dates():
    meta_only = {k: v for k, v in copy_files().items() if k.endswith(".yaml")}
    assert "copies/azure-data-privacy.yaml: its text copies/azure-data-privacy.txt is missing" in problems_for(
        {**files_of(), **meta_only})
    text_only = {k: v for k, v in copy_files().items() if k.endswith(".txt")}
    assert ("copies/azure-data-privacy.txt: its metadata copies/azure-data-privacy.yaml is missing"
            in problems_for({**files_of(), **text_only}))
    future = problems_for({**files_of(), **copy_files(retrieved="2999-01-01")})
    assert any(p.startswith("copies/azure-data-privacy.yaml: retrieved: 2999-01-01 is in the future") for p in future)
    no_public = copy_files()
    meta = yamlio.load(no_public["copies/azure-data-privacy.yaml"])
    del meta["public"], meta["obtained"]
    no_public["copies/azure-data-privacy.yaml"] = yamlio.dump(meta)
    problems = problems_for({**files_of(), **no_public})
    assert "copies/azure-data-privacy.yaml: public: required field is missing" in problems
    assert "copies/azure-data-privacy.yaml: obtained: required field is missing" in problems


def test_copies_round_trip_byte_for_byte_including_line_endings():
    bundle = parse_files(citing({**files_of(), **copy_files()}, "are NOT available to OpenAI"))
    files = dump_files(bundle)
    assert files["copies/azure-data-privacy.txt"] == TEXT
    assert parse_files(files) == bundle


def test_every_problem_of_a_copys_metadata_is_named_at_once_with_its_file_and_field():
    from trustreg.domain.copies import read_copy

    raw = {"url": "ftp://x", "title": "", "publisher": "P", "kind": "rumour", "retrieved": "2999-01-01",
           "retrieved_is_copy_date": "yes", "obtained": "saved", "sha256": "0" * 64, "public": True,
           "primary_for": ["ok", "Bad"], "colour": 1}
    record, problems = read_copy("c", raw, "text", meta_file="copies/c.yaml", text_file="copies/c.txt",
                                 today=dt.date(2026, 8, 1))
    assert record is None
    assert sorted(problems) == [
        ("copies/c.yaml", "colour", "unknown field (allowed: kind, obtained, primary_for, public, publisher, "
                                    "retrieved, retrieved_is_copy_date, sha256, title, url)"),
        ("copies/c.yaml", "kind", "text 'rumour' is not one of: vendor_doc, legal, trust_portal, help_center, "
                                  "qa_forum, blog, news, registry, archive, search_snippet, explainer, other"),
        ("copies/c.yaml", "primary_for[1]", "expected a party id"),
        ("copies/c.yaml", "retrieved", "2999-01-01 is in the future: a copy cannot be retrieved before it exists"),
        ("copies/c.yaml", "retrieved_is_copy_date", "expected true or false, got text 'yes'"),
        ("copies/c.yaml", "sha256", "does not match copies/c.txt (its SHA-256 is "
                                    "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1)"),
        ("copies/c.yaml", "title", "must not be empty"),
        ("copies/c.yaml", "url", "'ftp://x' is not an http(s) URL"),
    ]


def test_a_copys_metadata_file_is_written_from_the_fields_its_model_reads(bundled):
    from trustreg.domain.copies import CopyMeta, copy_data

    copy = bundled.copies[0]
    data = copy_data(copy)
    assert set(data) <= set(CopyMeta.model_fields)
    assert CopyMeta.model_validate(data).url == copy.url
