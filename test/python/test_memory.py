"""10,000 runs from Python, with a Python stage, arguments in and a record out: the resident
set stays flat (nothing leaks per run: values, results, Python objects, stage calls)."""
import gc

import plumb


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_ten_thousand_runs_keep_rss_flat():
    engine = plumb.Engine(threads=2)

    @engine.stage("acme.tag")
    def tag(word: str, n: int) -> dict:
        return {"word": word, "n": n, "tags": [word] * 3}

    program = engine.compile(source="""
pipeline main(words: list[str], n: int) {
  tagged = map w in words { t = acme.tag(w, n); yield t }
  return {n: n, tagged: tagged}
}""")
    words = ["alpha", "beta", "gamma"]

    def runs(count):
        for i in range(count):
            result = program.run(words=words, n=i)
            assert result.value["tagged"][2]["n"] == i
            result.nodes()

    runs(1000)
    gc.collect()
    before = rss_kib()
    runs(9000)
    gc.collect()
    grown = rss_kib() - before
    assert grown < 4 * 1024, f"RSS grew by {grown} KiB over 9,000 runs"
