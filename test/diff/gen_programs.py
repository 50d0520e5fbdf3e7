#!/usr/bin/env python3
"""Random program generator for differential testing of the back ends (docs/jit.md).

Writes FILES .pipe files with PER_FILE pipelines each. Every pipeline is well typed by
construction and expression heavy: typed int/float/bool/str expression trees (with values
near the int64 limits and divisors that can be zero, so overflow and division by zero
happen), maps yielding scalars and records, map bodies of several statements that read a
record's fields, filters on record fields, branches, `for` and
`while` loops. All parameters have defaults, so `plumb diff-test` can run every pipeline.

    gen_programs.py --seed 1 --files 200 --per-file 50 --out DIR
"""
import argparse
import os
import random

BIG = ["9223372036854775807", "4611686018427387904", "3037000500", "(-9223372036854775807 - 1)"]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def chance(self, p):
        return self.r.random() < p

    def int_lit(self):
        if self.chance(0.02):
            return self.r.choice(BIG)
        v = self.r.choice([0, 1, 2, 3, 5, 7, 10, 100, 1000])
        return str(v) if self.chance(0.8) else f"(-{v})"

    def float_lit(self):
        v = self.r.choice(["0.0", "0.5", "1.5", "2.25", "3.0", "100.125", "1e300", "0.75"])
        return v if self.chance(0.8) else f"(-{v})"

    def str_lit(self):
        return '"' + self.r.choice(["", "a", "bc", "xyz", "héllo"]) + '"'

    def leaf(self, t, env):
        names = [n for n, nt in env.items() if nt == t]
        if names and self.chance(0.7):
            return self.r.choice(names)
        if t == "int":
            return self.int_lit()
        if t == "float":
            return self.float_lit()
        if t == "bool":
            return self.r.choice(["true", "false"])
        return self.str_lit()

    def expr(self, t, env, depth):
        if depth <= 0 or self.chance(0.2):
            return self.leaf(t, env)
        d = depth - 1
        e = lambda tt: self.expr(tt, env, d)
        if self.chance(0.12):
            return f"({e('bool')} ? {e(t)} : {e(t)})"
        if t == "int":
            k = self.r.choice([0, 0, 0, 0, 0, 0, 3, 4, 4, 5, 5, 6, 7])
            if k <= 2:
                return f"({e('int')} {self.r.choice(['+', '-', '*'])} {e('int')})"
            if k == 3:  # mostly a divisor that cannot be zero
                divisor = e("int") if self.chance(0.3) else f"(({e('int')} % 7) + 9)"
                return f"({e('int')} {self.r.choice(['//', '%'])} {divisor})"
            if k == 4:
                return f"(-{e('int')})"
            if k == 5:
                return f"len({e('str')})"
            if k == 6:  # sometimes near the int64 limits
                big = self.r.choice(BIG) if self.chance(0.25) else str(self.r.randrange(2, 1 << 20))
                return f"({e('int')} * {big})"
            return f"({e('int')} // ({e('int')} - {e('int')} + {self.r.randrange(-2, 40)}))"
        if t == "float":
            k = self.r.choice([0, 1, 1, 2, 2, 3, 4, 5, 5])
            if k == 0:
                return f"({e('int')} / {e('int')})"
            if k == 1:
                return f"({e('float')} {self.r.choice(['+', '-', '*', '/'])} {e('float')})"
            if k == 2:
                return f"({e('float')} {self.r.choice(['+', '-', '*'])} {e('int')})"
            if k == 3:
                return f"({e('float')} {self.r.choice(['//', '%'])} {e('float')})"
            if k == 4:
                return f"(-{e('float')})"
            return f"({e('int')} * {e('float')})"
        if t == "bool":
            k = self.r.randrange(6)
            num = lambda: self.r.choice(["int", "float"])
            if k <= 1:
                return f"({e(num())} {self.r.choice(['<', '<=', '>', '>=', '==', '!='])} {e(num())})"
            if k == 2:
                return f"({e('bool')} {self.r.choice(['and', 'or'])} {e('bool')})"
            if k == 3:
                return f"(not {e('bool')})"
            if k == 4:
                tt = self.r.choice(["str", "bool", "int"])
                return f"({e(tt)} {self.r.choice(['==', '!='])} {e(tt)})"
            return f"({e('str')} {self.r.choice(['<', '>='])} {e('str')})"
        k = self.r.randrange(3)
        if k == 0:
            return f"({e('str')} + {e('str')})"
        if k == 1:
            inner = e(self.r.choice(["int", "float", "bool"]))
            return '"' + "${" + inner + "}-${" + self.r.choice(["s", "str(" + inner + ")"]) + "}\""
        return f"str({e(self.r.choice(['int', 'float']))})"

    def pipeline(self, name):
        r = self.r
        params = {"a": "int", "b": "int", "c": "float", "s": "str", "n": "int", "flag": "bool"}
        ints = ["0", "1", "2", "3", "7", "-1", "-2", "-5", "100", "9223372036854775807"]
        defaults = {"a": r.choice(ints), "b": r.choice(ints), "c": r.choice(["0.0", "0.5", "-2.5"]),
                    "s": self.str_lit(), "n": str(r.randrange(0, 40)), "flag": r.choice(["true", "false"])}
        sig = ", ".join(f"{p}: {t} = {defaults[p]}" for p, t in params.items())
        d = r.randrange(2, 5)
        lines = [f"pipeline {name}({sig}) {{", f"  xs = range({r.randrange(-5, 3)}, n)"]
        body_env = dict(params, x="int")
        if self.chance(0.25):
            lines.append(f"  ys = map x in xs {{ if {self.expr('bool', body_env, 2)} {{ yield "
                         f"{self.expr('int', body_env, d)} }} }}")
        else:
            lines.append(f"  ys = map x in xs {{ yield {self.expr('int', body_env, d)} }}")
        lines.append("  recs = map x in xs { yield { i: " + self.expr("int", body_env, d) +
                     ", f: " + self.expr("float", body_env, d) + ", t: " +
                     self.expr("bool", body_env, d) + ", w: " + self.expr("str", body_env, 2) + " } }")
        step_env = dict(body_env, p="int", **{"q.k": "int", "q.g": "float"})
        lines.append(f"  ms = map x in xs {{ p = {self.expr('int', body_env, d)}\n"
                     f"    q = {{ k: p, g: {self.expr('float', dict(body_env, p='int'), d)} }}\n"
                     f"    yield {self.expr(r.choice(['int', 'float', 'bool']), step_env, d)} }}")
        rec_env = dict(params, **{"rec.i": "int", "rec.f": "float", "rec.t": "bool", "rec.w": "str"})
        lines.append(f"  zs = filter rec in recs {{ {self.expr('bool', rec_env, d)} }}")
        lines.append(f"  fs = map rec in zs {{ yield {self.expr('float', rec_env, d)} }}")
        lines.append(f"  var acc = {self.expr('int', params, 2)}")
        loop_env = dict(params, acc="int", z="int")
        lines.append(f"  for z in ys {{ acc = (({self.expr('int', loop_env, d)}) % 1000003) }}")
        lines.append("  var i = 0")
        lines.append("  var text = s")
        w_env = dict(params, i="int", text="str")
        lines.append(f"  while i < {r.randrange(0, 6)} max 10 {{ text = {self.expr('str', w_env, 2)}\n"
                     f"    i = i + 1 }}")
        lines.append(f"  if {self.expr('bool', dict(params, acc='int'), d)} {{ out = "
                     f"{self.expr('int', dict(params, acc='int'), d)} }} else {{ out = "
                     f"{self.expr('int', params, d)} }}")
        lines.append(f"  v = {self.expr(r.choice(['float', 'bool', 'str']), params, d)}")
        lines.append("  return { ys: ys, ms: ms, zs: len(zs), fs: fs, acc: acc, text: text, out: out, v: v }")
        lines.append("}")
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--per-file", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in range(args.files):
        gen = Gen(random.Random(args.seed * 1_000_003 + f))
        text = "\n\n".join(gen.pipeline(f"p{k}") for k in range(args.per_file))
        with open(os.path.join(args.out, f"gen{f:05d}.pipe"), "w") as out:
            out.write(f"# generated by gen_programs.py --seed {args.seed}, file {f}\n" + text + "\n")


if __name__ == "__main__":
    main()
