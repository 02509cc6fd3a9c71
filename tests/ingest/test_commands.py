from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from ruamel.yaml import YAML

from tests.conftest import DATA_DIR, FIXTURES
from trustreg import cli
from trustreg.ingest.models import Document

DEV = FIXTURES / "eval" / "dev-claims.jsonl"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_console_script_maps_our_verbs_to_commands():
    assert cli.COMMANDS["ingest"] == "ingest"
    assert cli.COMMANDS["extract"] == "extract"
    assert cli.COMMANDS["extract-eval"] == "extract_eval"


def test_extract_writes_one_line_per_input_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "1", "text": "We do not train on your data."})
        + "\n"
        + json.dumps({"id": "2", "text": "Nothing here."})
        + "\n"
    )
    lines = [json.loads(line) for line in run("extract", "--jsonl", str(path)).splitlines()]
    assert [line["id"] for line in lines] == ["1", "2"]
    assert lines[0]["claims"][0]["dimension"] == "training_on_customer_data"
    assert lines[1]["claims"] == []


def test_extract_and_extract_eval_need_no_database(tmp_path):
    # pytest-django blocks database access outside tests marked for it: these commands must not need it.
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "SOC 2 Type II"}) + "\n")
    assert json.loads(run("extract", "--jsonl", str(path)))["claims"]
    assert "macro" in run("extract_eval", str(DEV))


def test_extract_eval_prints_every_measure():
    out = run("extract_eval", str(DEV), "--errors")
    for word in ("precision", "macro", "micro", "polarity accuracy", "fact accuracy"):
        assert word in out or word[:4] in out


def test_extract_eval_names_a_malformed_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "x"}\n')
    with pytest.raises(CommandError, match="gold.jsonl:1"):
        run("extract_eval", str(path))


def test_ingest_prints_claims_with_verdicts_and_citations(registry, seed, tmp_path):
    path = tmp_path / "qa.txt"
    path.write_bytes(seed("qa-azure-openai-dpa-pii.txt"))
    out = run(
        "ingest",
        str(path),
        "--offering",
        "azure-openai",
        "--url",
        "https://learn.microsoft.com/en-us/answers/questions/1/x",
    )
    assert "qa_forum" in out and "[agrees] gdpr_dpa" in out and "cite: https://learn.microsoft.com" in out


def test_ingest_json_output(registry, seed, tmp_path):
    path = tmp_path / "blog.md"
    path.write_bytes(seed("blog-azure-openai-privacy-2024.md"))
    data = json.loads(run("ingest", str(path), "--offering", "azure-openai", "--json"))
    assert data["document"]["kind"] == "blog"
    assert data["claims"][0]["verdict"] == "stale"  # what needs a human comes first


def test_ingest_refuses_a_missing_file_and_a_huge_one(db, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="cannot read"):
        run("ingest", str(tmp_path / "missing.txt"))
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    with pytest.raises(CommandError, match="too large"):
        run("ingest", str(big))


def test_ingest_reports_bad_input_without_a_traceback(db, tmp_path):
    path = tmp_path / "garbage.bin"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError, match="nothing ingested: garbage.bin: not text"):
        run("ingest", str(path))


def test_ingest_refuses_a_url_to_a_private_address(db):
    with pytest.raises(CommandError, match="refused"):
        run("ingest", "http://10.0.0.1/internal")


class _Outcome:
    def __init__(self, label):
        self.label = label


class _Result:
    def __init__(self, *, ok, body=None, reason="", label="ok", headers=None, final_url=None):
        self.ok, self.body, self.reason, self.outcome = ok, body, reason, _Outcome(label)
        self._headers, self.final_url, self.content_type = headers or {}, final_url, None

    def header(self, name):
        return self._headers.get(name.lower())


@pytest.fixture
def fake_fetcher(monkeypatch):
    """Stands in for the monitor's configured fetcher, with its documented shape (fetch(url) -> result)."""
    import types

    from trustreg.evidence import monitor

    fake = types.SimpleNamespace(results={})
    fake.fetch = lambda url: fake.results[url]
    monkeypatch.setattr(monitor, "current_fetcher", lambda: fake)
    return fake


def test_ingest_fetches_urls_through_the_guarded_fetcher(registry, seed, fake_fetcher):
    url = "https://learn.microsoft.com/en-us/answers/questions/1/dpa"
    fake_fetcher.results[url] = _Result(
        ok=True,
        body=seed("qa-azure-openai-dpa-pii.txt"),
        headers={"content-type": "text/plain; charset=utf-8"},
        final_url=url,
    )
    data = json.loads(run("ingest", url, "--offering", "azure-openai", "--json"))
    assert data["document"]["url"] == url and data["document"]["kind"] == "qa_forum"
    assert all(c["citation"]["url"] == url for c in data["claims"])


def test_a_fetch_refusal_is_reported_and_nothing_is_ingested(db, fake_fetcher):
    url = "http://169.254.169.254/latest/meta-data"
    fake_fetcher.results[url] = _Result(
        ok=False, label="refused address", reason="169.254.169.254 is link-local"
    )
    with pytest.raises(CommandError, match="refused address: 169.254.169.254 is link-local"):
        run("ingest", url)
    from trustreg.ingest.models import Document

    assert not Document.objects.exists()


def test_ingest_fetches_with_the_fetch_settings_the_monitor_uses(db, settings):
    # A deployment that lets the monitor read an internal host (here: loopback) lets ingest read it
    # too, and only then; ingest used to ignore TRUSTREG_FETCH and always fetch with the defaults.
    from tests.evidence.evidence_scenarios import Page, ScenarioServer, html

    server = ScenarioServer().start()
    try:
        server.pages["/policy"] = Page(html("Policy", "We keep prompts for 30 days."))
        with pytest.raises(CommandError, match="refused"):
            run("ingest", server.url("/policy"))
        settings.TRUSTREG_FETCH = {"allow_loopback": True, "per_host_delay": 0, "total_timeout": 60.0}
        data = json.loads(run("ingest", server.url("/policy"), "--json"))
        assert data["document"]["url"] == server.url("/policy")
    finally:
        server.stop()


def test_ingest_refuses_a_file_nested_past_the_limit_with_the_reason(db, tmp_path):
    path = tmp_path / "deep.md"
    path.write_text("---\ntitle: " + "[" * 200 + "\n---\n# Body\n")
    with pytest.raises(
        CommandError, match="nothing ingested: deep.md: parser failure: front matter: .*nested deeper"
    ):
        run("ingest", str(path))


def test_extract_reads_standard_input(monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps({"id": "s", "text": "Data stays in the EU."}) + "\n")
    )
    (line,) = [json.loads(x) for x in run("extract", "--jsonl", "-").splitlines()]
    assert line["id"] == "s" and line["claims"][0]["dimension"] == "data_residency"


def _excerpt_copy():
    """A bundled kept copy that says it is an excerpt (chosen from the data, not named here)."""
    yaml = YAML(typ="safe")
    for path in sorted((DATA_DIR / "copies").glob("*.txt")):
        meta = yaml.load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        if "excerpt" in meta["obtained"].lower() and meta["kind"] == "vendor_doc":
            return path, meta
    raise AssertionError("the bundled data holds no excerpt of a vendor doc")


def test_ingesting_a_kept_copy_takes_its_url_title_publisher_kind_and_dates_from_its_metadata(registry):
    path, meta = _excerpt_copy()
    data = json.loads(run("ingest", str(path), "--json"))
    doc = data["document"]
    assert (doc["url"], doc["title"], doc["publisher"], doc["kind"]) == (
        meta["url"],
        meta["title"],
        meta["publisher"],
        meta["kind"],
    )
    assert doc["kept_copy"]["kept_copy"] == path.stem
    assert doc["kept_copy"]["retrieved"] == str(meta["retrieved"])
    assert doc["kept_copy"]["excerpt"] == "yes" and doc["kept_copy"]["sha256"] == meta["sha256"]
    assert all(c["citation"]["url"] == meta["url"] for c in data["claims"])
    out = run("ingest", str(path))
    assert (
        f"kept copy {path.stem} of {meta['url']}: retrieved {meta['retrieved']}" in out
        and "an excerpt" in out
    )


def test_a_url_that_contradicts_the_kept_copy_is_refused_and_nothing_is_ingested(registry, tmp_path):
    path, meta = _excerpt_copy()
    before = Document.objects.count()
    with pytest.raises(CommandError, match="differs from the URL"):
        run("ingest", str(path), "--url", "https://example.com/somewhere-else")
    assert run("ingest", str(path), "--url", meta["url"])  # the same URL is no contradiction
    assert Document.objects.count() == before + 1


def test_a_kept_copy_whose_text_no_longer_matches_its_hash_is_refused(db, tmp_path):
    path, _ = _excerpt_copy()
    for suffix in (".txt", ".yaml"):
        shutil.copy(path.with_suffix(suffix), tmp_path / (path.stem + suffix))
    changed = tmp_path / path.name
    changed.write_text(changed.read_text(encoding="utf-8") + "An edit nobody recorded.\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"sha256: does not match"):
        run("ingest", str(changed))
    assert Document.objects.count() == 0


def _drop_everything_model(path):
    """A valid model file whose arbiter is sure no passage claims anything."""
    path.write_text(
        json.dumps(
            {
                "format": "trustreg-extract-arbiter",
                "version": 1,
                "classes": ["none", "positive", "negative", "conditional"],
                "settings": {"mode": "drop", "threshold": 0.5, "features": "base", "add": None},
                "about": {},
                "weights": {"bias": [9.0, 0.0, 0.0, 0.0]},
            }
        )
    )
    return path


def test_the_extractor_flag_and_setting_switch_the_learned_arbiter_on(tmp_path, settings):
    settings.TRUSTREG_EXTRACT_MODEL = _drop_everything_model(tmp_path / "model.json")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "We do not train on your data."}) + "\n")
    assert json.loads(run("extract", "--jsonl", str(path)))["claims"]
    assert json.loads(run("extract", "--jsonl", str(path), "--extractor", "rules+arbiter"))["claims"] == []
    settings.TRUSTREG_EXTRACTOR = "rules+arbiter"
    assert json.loads(run("extract", "--jsonl", str(path)))["claims"] == []
    assert "extractor rules+arbiter" in run("extract_eval", str(DEV))


def test_a_corrupt_model_file_stops_the_commands_with_its_name(tmp_path, settings):
    broken = tmp_path / "broken-model.json"
    broken.write_text('{"format": "trustreg-extract-arbiter", "version": 1, "classes": ')
    settings.TRUSTREG_EXTRACT_MODEL = broken
    with pytest.raises(CommandError, match=f"{broken}: model file is not JSON"):
        run("extract_eval", str(DEV), "--extractor", "rules+arbiter")
    with pytest.raises(CommandError, match=str(broken)):
        run("extract", "--jsonl", str(DEV), "--extractor", "rules+arbiter")


def test_extract_train_writes_the_same_model_file_from_the_same_data(tmp_path):
    assert cli.COMMANDS["extract-train"] == "extract_train"
    tune = tmp_path / "tune.jsonl"
    tune.write_text(
        "".join((DATA_DIR.parent / "eval" / "real-tune.jsonl").read_text().splitlines(keepends=True)[:30])
    )
    team = DATA_DIR.parent / "eval" / "heldout-claims.jsonl"
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    out = run("extract_train", "--tune", str(tune), "--team", str(team), "--folds", "2", "--out", str(first))
    run("extract_train", "--tune", str(tune), "--team", str(team), "--folds", "2", "--out", str(second))
    assert "rules alone" in out and "chosen:" in out
    assert first.read_bytes() == second.read_bytes()
    with pytest.raises(CommandError, match="never trained on"):
        run("extract_train", "--tune", str(tmp_path / "real-test.jsonl"), "--out", str(first))


def test_the_encoder_extractor_names_what_it_lacks(tmp_path, settings, monkeypatch):
    import importlib.util

    settings.TRUSTREG_ENCODER_HEADS = tmp_path / "none.json"
    with pytest.raises(CommandError, match=f"{tmp_path / 'none.json'}: heads file not found"):
        run("extract", "--jsonl", str(DEV), "--extractor", "rules+encoder")
    settings.TRUSTREG_ENCODER_HEADS = DATA_DIR.parent / "models" / "extract-encoder.json"
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "numpy" else real(name, *a))
    with pytest.raises(CommandError, match="optional package 'numpy'.*trustreg\\[model\\]"):
        run("extract_eval", str(DEV), "--extractor", "rules+encoder")
    with pytest.raises(CommandError, match="optional package 'numpy'"):
        run("extract_train_encoder", "--out", str(tmp_path / "heads.json"))


def test_the_extractor_flag_and_setting_switch_the_encoder_on(tmp_path, settings, monkeypatch):
    from trustreg.ingest.learned.heads import load
    from trustreg.ingest.learned.runtime import EncoderExtractor

    survey = "A 2025 Deloitte survey of 600 European enterprises found that 58% listed “data sovereignty” as a"
    fixture = json.loads((FIXTURES.parent / "ingest" / "learned" / "fixtures" / "encoder-vectors.json").read_text())
    vectors = {p["text"]: p["vector"] for p in fixture["passages"]}
    heads = load(DATA_DIR.parent / "models" / "extract-encoder.json")
    monkeypatch.setattr(EncoderExtractor, "load", classmethod(lambda cls, **kw: cls(heads, vectors.__getitem__)))
    text = next(t for t in vectors if t.startswith(survey))
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "1", "text": text}) + "\n")
    assert json.loads(run("extract", "--jsonl", str(path)))["claims"]
    assert json.loads(run("extract", "--jsonl", str(path), "--extractor", "rules+encoder"))["claims"] == []
    settings.TRUSTREG_EXTRACTOR = "rules+encoder"
    assert json.loads(run("extract", "--jsonl", str(path)))["claims"] == []


def test_extract_train_encoder_refuses_the_test_parts():
    assert cli.COMMANDS["extract-train-encoder"] == "extract_train_encoder"
    with pytest.raises(CommandError, match="real-test2.jsonl: the test parts are scored, never trained on"):
        run("extract_train_encoder", "--tune", "data/eval/real-tune.jsonl", "data/eval/real-test2.jsonl")
