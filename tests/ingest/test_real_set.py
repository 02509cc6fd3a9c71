"""The real-text labelled set (data/eval/real-*.jsonl) has the shape issue 14 asks for."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from trustreg.ingest.evaluation.metrics import read_gold

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"
KINDS = {"vendor_doc", "help_center", "legal", "qa", "blog", "news", "comparison"}


def rows():
    return [
        json.loads(line) for name in ("real-test", "real-tune") for line in (EVAL / f"{name}.jsonl").open()
    ]


def test_the_real_set_is_large_varied_and_a_quarter_claims_nothing():
    data = rows()
    assert len(data) >= 600
    assert len({r["vendor"] for r in data}) >= 15
    assert {r["source_kind"] for r in data} == KINDS
    assert sum(not r["dimensions"] for r in data) >= len(data) / 4
    # (one page of the third batch is served over plain HTTP only)
    assert all(r["source"].startswith(("https://", "http://")) for r in data)


def _collected_after_the_split(passage_id: str) -> bool:
    # ids real-1000 and up, and every later batch (dev3-...), were collected after the split
    return not passage_id.startswith("real-") or int(passage_id.removeprefix("real-")) >= 1000


def test_the_test_part_is_about_forty_percent_of_the_split_and_shares_no_passage_with_the_tune_part():
    test = read_gold(EVAL / "real-test.jsonl")
    tune = read_gold(EVAL / "real-tune.jsonl")
    # Passages collected after the split (ids real-1000 and up) only ever grow the tune part.
    later = [p for p in tune if _collected_after_the_split(p.id)]
    split = [p for p in tune if not _collected_after_the_split(p.id)]
    assert not [p for p in test if _collected_after_the_split(p.id)]
    assert 0.35 <= len(test) / (len(test) + len(split)) <= 0.45
    assert later, "the tune part was grown after the split"
    assert not {p.text for p in test} & {p.text for p in tune}
    assert not {p.id for p in test} & {p.id for p in tune}


def test_every_polarity_and_most_questions_occur():
    data = rows()
    assert Counter(r["polarity"] for r in data).keys() >= {"positive", "conditional", "negative", "none"}
    assert len({d for r in data for d in r["dimensions"]}) >= 9


def test_every_period_in_whole_years_written_in_months_is_labelled_in_years():
    # docs/labels.md, "Periods": 12 months is 365 days everywhere, labels and extractor alike.
    from trustreg.ingest.numbers import find_durations

    for path in sorted(EVAL.glob("*.jsonl")):
        if path.name == "real-disagreements.jsonl":
            continue
        for passage in read_gold(path):
            days = passage.facts.get("retention_days")
            for duration in find_durations(passage.text):
                if duration.unit == "month" and not duration.is_range and days == duration.days_high:
                    assert days % 365 == 0 or duration.high % 12, passage.id


def test_the_twelve_months_passage_is_labelled_365_days():
    tune = {p.id: p for p in read_gold(EVAL / "real-tune.jsonl")}
    assert tune["real-0591"].facts == {"retention_days": 365}


def test_every_independent_settlement_is_the_label_the_set_holds():
    labels = {
        p.id: (sorted(p.dimensions), p.polarity if p.dimensions else "none", p.facts)
        for name in ("real-test", "real-tune")
        for p in read_gold(EVAL / f"{name}.jsonl")
    }
    log = [json.loads(line) for line in (EVAL / "real-disagreements.jsonl").open()]
    independent = [entry for entry in log if entry["round"] == "independent"]
    assert sum(entry["id"].startswith("real-3") for entry in independent) == 7
    for entry in independent:
        settled = entry["settled"]
        if entry["id"] not in labels:
            continue  # left out of the set (a passage mixing polarities)
        polarity = settled["polarity"] if settled["dimensions"] else "none"
        assert labels[entry["id"]] == (sorted(settled["dimensions"]), polarity, settled["facts"]), entry["id"]


def test_the_second_test_part_is_a_fresh_batch_sharing_no_passage_with_the_first_split():
    # data/eval/real-test2.jsonl: passages of pages no other set uses, labelled by two independent labellers.
    fresh = [json.loads(line) for line in (EVAL / "real-test2.jsonl").open()]
    earlier = rows()
    assert len(fresh) >= 150
    assert all(re.fullmatch(r"fresh-\d{4}", r["id"]) for r in fresh)
    assert len({r["id"] for r in fresh}) == len(fresh)
    assert {r["source_kind"] for r in fresh} == KINDS
    assert all(r["source"].startswith(("https://", "http://")) and r["vendor"] for r in fresh)
    assert all(re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", r["published_or_seen"]) for r in fresh)
    assert sum(not r["dimensions"] for r in fresh) >= len(fresh) / 4
    assert not {r["text"] for r in fresh} & {r["text"] for r in earlier}
    assert not {r["source"] for r in fresh} & {r["source"] for r in earlier}
    assert read_gold(EVAL / "real-test2.jsonl")


def test_every_fresh_settlement_is_the_label_the_second_test_part_holds_and_mixed_ones_are_left_out():
    fresh = {
        p.id: (sorted(p.dimensions), p.polarity if p.dimensions else "none", p.facts)
        for p in read_gold(EVAL / "real-test2.jsonl")
    }
    log = [json.loads(line) for line in (EVAL / "real-disagreements.jsonl").open()]
    entries = [entry for entry in log if entry["round"] == "independent-fresh"]
    assert entries and all(entry["id"].startswith("fresh-") for entry in entries)
    for entry in entries:
        assert {"pass1", "pass2", "settled", "resolution", "text", "url"} <= entry.keys()
        settled = entry["settled"]
        if settled is None:
            assert entry["id"] not in fresh, entry["id"]
            continue
        polarity = settled["polarity"] if settled["dimensions"] else "none"
        assert fresh[entry["id"]] == (sorted(settled["dimensions"]), polarity, settled["facts"]), entry["id"]


@pytest.mark.parametrize("batch", ["dev3", "dev4", "dev5"])
def test_each_later_batch_joins_the_tune_part_only_with_its_independent_settlements_logged(batch):
    # dev3-..., dev4-... and dev5-...: batches collected, labelled by two blind labellers and settled on 2026-12-03
    tune = {p.id: p for p in read_gold(EVAL / "real-tune.jsonl")}
    ids = [i for i in tune if i.startswith(f"{batch}-")]
    assert len(ids) >= 200
    assert not [p for name in ("real-test", "real-test2") for p in read_gold(EVAL / f"{name}.jsonl") if p.id.startswith(f"{batch}-")]
    log = [json.loads(line) for line in (EVAL / "real-disagreements.jsonl").open()]
    settled = [e for e in log if e["id"].startswith(f"{batch}-")]
    assert settled and all(e["round"] == "independent" for e in settled)
    # a passage mixing polarities is left out of the set (settled null), every other settlement is in it
    assert all((e["settled"] is None) == (e["id"] not in tune) for e in settled)
