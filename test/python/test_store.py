"""Engine(store=...) records every run in a run store, as `plumb run` does (docs/store.md): the
CLI lists the run under Result.run_id with its status; no store records nothing; a store that
cannot be opened raises plumb.StoreError."""
import json
import subprocess

import pytest

import plumb


def test_runs_are_recorded_under_the_result_run_id(plumb_cli, tmp_path):
    store = tmp_path / "runs.db"
    engine = plumb.Engine(threads=2, store=store)
    program = engine.compile(source="pipeline main(x: int) {\n  return x * 2\n}", name="double.pipe")
    result = program.run(x=21)
    failed = engine.compile(source="pipeline main() {\n  v = sys.fail(\"no\")\n  return v\n}",
                            name="fails.pipe").run(raise_on_error=False)
    assert result.value == 42 and not failed.ok
    assert len(result.run_id) == 26 and result.run_id != failed.run_id
    shown = subprocess.run([plumb_cli, "show", result.run_id, "--store", str(store), "--json"],
                           capture_output=True, text=True, check=True)
    run = json.loads(shown.stdout)
    assert (run["id"], run["status"], run["result"]) == (result.run_id, "ok", 42)
    listed = subprocess.run([plumb_cli, "runs", "--store", str(store), "--json"],
                            capture_output=True, text=True, check=True)
    statuses = {r["id"]: r["status"] for r in json.loads(listed.stdout)}
    assert statuses == {result.run_id: "ok", failed.run_id: "failed"}


def test_without_a_store_nothing_is_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = plumb.Engine(threads=1).compile(source="pipeline main() { return 1 }").run()
    assert len(result.run_id) == 16
    assert list(tmp_path.iterdir()) == []


def test_a_store_that_cannot_be_opened_raises(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(plumb.StoreError) as error:
        plumb.Engine(threads=1, store=blocker / "runs.db")
    assert str(blocker) in str(error.value)
    with pytest.raises(ValueError, match="store must name a file"):
        plumb.Engine(threads=1, store="")
