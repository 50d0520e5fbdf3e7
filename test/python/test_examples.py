"""The examples run from Python give the values `plumb run` prints for them, and the Python
example (examples/python/triage.py) runs."""
import json
import os
import subprocess
import sys

import pytest

import plumb

# (example, arguments); `out` and `state` folders are added per run.
EXAMPLES = [
    ("hello.pipe", {}),
    ("hello.pipe", {"name": "Ada"}),
    ("reviews.pipe", {"threshold": 0.5}),
    ("reviews.pipe", {}),
    ("ingest.pipe", {"k": 2}),
    ("etl.pipe", {}),
    ("refine.pipe", {"target": 10, "tolerance": 1e-9}),
    ("nested.pipe", {"min_len": 4}),
    ("resilient.pipe", {}),
]


def with_folders(example, args, folder):
    args = dict(args)
    if example in ("reviews.pipe", "ingest.pipe", "etl.pipe"):
        args["out"] = str(folder / "out")
    if example == "resilient.pipe":
        args["state"] = str(folder / "state")
    return args


@pytest.mark.parametrize("example, args", EXAMPLES, ids=[f"{e}-{i}" for i, (e, _) in enumerate(EXAMPLES)])
def test_example_gives_the_value_the_cli_prints(example, args, source_dir, plumb_cli, tmp_path,
                                                 monkeypatch):
    monkeypatch.chdir(source_dir)
    cli_args = with_folders(example, args, tmp_path / "cli")
    command = [plumb_cli, "run", f"examples/{example}", "--no-summary", "--no-store"]
    for key, value in cli_args.items():
        command += ["--arg", f"{key}={json.dumps(value) if not isinstance(value, str) else value}"]
    cli = subprocess.run(command, capture_output=True, text=True, check=True)
    engine = plumb.Engine(threads=2)
    program = engine.compile(source_dir / "examples" / example)
    value = program.run(with_folders(example, args, tmp_path / "python")).value
    assert value == json.loads(cli.stdout)


def test_python_example_runs(source_dir):
    env = dict(os.environ)
    script = source_dir / "examples" / "python" / "triage.py"
    done = subprocess.run([sys.executable, str(script), "--threads", "2"], capture_output=True,
                          text=True, env=env, check=True, cwd=source_dir)
    lines = done.stdout.splitlines()
    value = json.loads(lines[0])
    assert sum(value["counts"].values()) == 8
    assert all(t["priority"] == "urgent" and t["hits"] for t in value["urgent"])
    assert lines[1] == "acme.triage: 8 calls"
    assert lines[2] == "── plumb run summary ──"
