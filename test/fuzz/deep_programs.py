#!/usr/bin/env python3
"""Deep .pipe programs, one shape of nesting at a time, for the limits of docs/language.md §8.

    deep_programs.py SHAPE DEPTH DIR    writes DIR/main.pipe (and the files it imports)
    deep_programs.py --list             prints every shape with its limit
    deep_programs.py --corpus DIR [compile|runtime]
                                        writes every shape (or those nested by the source
                                        text, or the values nested at run time) at its
                                        limit and just past it, one folder each
                                        (DIR/SHAPE-DEPTH/main.pipe), and the shapes without
                                        a limit at a large depth

Each shape nests one construct DEPTH times: types, brackets, prefix operators, blocks,
`else if` arms, pipelines each calling the next, files each importing the next, values built
at run time. At its limit a shape must compile and run; past it, the compiler must say
`nesting-too-deep` (never crash). The lit tests in test/limits/ and tools/fuzz.sh use them.
Every program's `main` returns a small number, so a test can check the result.
"""
import os
import sys

# Brackets, blocks, interpolations and prefix operators (compiler/parse/grammar.hpp), and the
# height of the syntax tree (compiler/parse/ast_builder.hpp).
NESTING = 256
AST_HEIGHT = 1000


def write(folder, name, text):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w") as out:
        out.write(text)


def main_returning(expression):
    return "pipeline main() {\n  return %s\n}\n" % expression


# Each shape: (limit or None, function(depth, folder) writing main.pipe). The levels a shape
# starts at (a pipeline body is one, the brackets of a parameter list are one) are taken off
# its depth so that DEPTH counts the construct the shape nests.


def shape_type(n, folder):
    annotation = "list[" * n + "int" + "]" * n
    write(folder, "main.pipe", "pipeline main(x: %s = []) {\n  return len(x)\n}\n" % annotation)


def shape_list(n, folder):
    write(folder, "main.pipe", main_returning("len(" + "[" * n + "1" + "]" * n + ")"))


def shape_paren(n, folder):
    write(folder, "main.pipe", main_returning("(" * n + "1" + ")" * n))


def shape_record(n, folder):
    write(folder, "main.pipe", main_returning("len(" + "{a: " * n + "1" + "}" * n + ")"))


def shape_negation(n, folder):
    write(folder, "main.pipe", main_returning("-" * n + "1"))


def shape_not(n, folder):
    write(folder, "main.pipe", main_returning("(" + "not " * n + "true) ? 1 : 0"))


def shape_ternary(n, folder):
    write(folder, "main.pipe", main_returning("false ? 0 : " * n + "1"))


def shape_sum(n, folder):
    write(folder, "main.pipe", main_returning(" + ".join(["1"] * n)))


def shape_call(n, folder):
    write(folder, "main.pipe", main_returning("abs(" * n + "1" + ")" * n))


def shape_field(n, folder):
    # Reads the same field of nested records: `{a: {a: 1}}.a.a`.
    write(folder, "main.pipe", main_returning("{a: " * n + "1" + "}" * n + ".a" * n))


def shape_interpolation(n, folder):
    write(folder, "main.pipe", main_returning("len(" + '"${' * n + "1" + '}"' * n + ")"))


def shape_if(n, folder):
    body = "  var y = 0\n" + "if true {\n" * n + "y = 1\n" + "}\n" * n + "  return y\n"
    write(folder, "main.pipe", "pipeline main() {\n%s}\n" % body)


def shape_for(n, folder):
    loops = "".join("for i%d in [1] {\n" % i for i in range(n))
    body = "  var y = 0\n" + loops + "y = 1\n" + "}\n" * n + "  return y\n"
    write(folder, "main.pipe", "pipeline main() {\n%s}\n" % body)


def shape_while(n, folder):
    body = "  var y = 0\n" + "while y < 1 {\n" * n + "y = 1\n" + "}\n" * n + "  return y\n"
    write(folder, "main.pipe", "pipeline main() {\n%s}\n" % body)


def shape_map(n, folder):
    inner = "1"
    for i in range(n):
        inner = "len(map x%d in [1] { yield %s })" % (i, inner)
    write(folder, "main.pipe", main_returning(inner))


def shape_else_if(n, folder):
    arms = "".join("  else if x == %d { y = %d }\n" % (i, i) for i in range(1, n + 1))
    write(folder, "main.pipe",
          "pipeline main(x: int = 1) {\n  var y = 0\n  if x == 0 { y = 0 }\n%s"
          "  else { y = 0 }\n  return y\n}\n" % arms)


def shape_pipelines(n, folder):
    chain = "".join("pipeline p%d(x: int) {\n  return p%d(x)\n}\n" % (i, i + 1) for i in range(n))
    write(folder, "main.pipe",
          "pipeline main() {\n  return p0(1)\n}\n%spipeline p%d(x: int) {\n  return x\n}\n" %
          (chain, n))


def shape_pipeline_lists(n, folder):
    # Each pipeline wraps the next one's result in a list: the inferred type and the value
    # are n lists deep.
    chain = "".join("pipeline p%d() {\n  return [p%d()]\n}\n" % (i, i + 1) for i in range(n))
    write(folder, "main.pipe",
          "pipeline main() {\n  return len(p0())\n}\n%spipeline p%d() {\n  return 1\n}\n" %
          (chain, n))


def shape_imports(n, folder):
    write(folder, "main.pipe", 'import "f0.pipe"\npipeline main() {\n  return q0(1)\n}\n')
    for i in range(n):
        follow = 'import "f%d.pipe"\n' % (i + 1) if i + 1 < n else ""
        call = "q%d(x)" % (i + 1) if i + 1 < n else "x"
        write(folder, "f%d.pipe" % i, "%spipeline q%d(x: int) {\n  return %s\n}\n" % (follow, i, call))


# Values nested n deep, built at run time (`x = [x]` or `x = {a: x}` in a loop), then
# dropped (`len`), returned (printed as JSON), compared or written to a file.
RUNTIME_BUILDS = {"list": ("[]", "[x]"), "record": ("{}", "{a: x}")}
RUNTIME_USES = {
    "drop": "len(x)",
    "print": "x",
    "compare": "x == x ? 1 : 0",
    "write": 'io.write_json("deep.json", x) > 0 ? 1 : 0',
}


def runtime_shape(build, use):
    first, wrap = RUNTIME_BUILDS[build]

    def writer(n, folder):
        write(folder, "main.pipe",
              "pipeline main(n: int = %d) {\n  var x = %s\n  for i in range(n) {\n"
              "    x = %s\n  }\n  return %s\n}\n" % (n, first, wrap, RUNTIME_USES[use]))

    return writer


SHAPES = {
    # name: (limit, writer); None: no limit (the walks over it do not recurse).
    "type": (NESTING - 1, shape_type),
    "list": (NESTING - 2, shape_list),
    "paren": (NESTING - 1, shape_paren),
    "record": (NESTING - 2, shape_record),
    "negation": (NESTING - 1, shape_negation),
    "not": (NESTING - 2, shape_not),
    "ternary": (NESTING - 1, shape_ternary),
    "sum": (AST_HEIGHT, shape_sum),
    "call": (NESTING - 1, shape_call),
    "field": (NESTING - 1, shape_field),
    "interpolation": (NESTING - 2, shape_interpolation),
    "if": (NESTING - 1, shape_if),
    "for": (NESTING - 1, shape_for),
    "while": (NESTING - 1, shape_while),
    "map": (NESTING // 2 - 1, shape_map),
    "else-if": (NESTING - 2, shape_else_if),
    "pipelines": (None, shape_pipelines),
    "pipeline-lists": (None, shape_pipeline_lists),
    "imports": (None, shape_imports),
}
for _build in RUNTIME_BUILDS:
    for _use in RUNTIME_USES:
        SHAPES["runtime-%s-%s" % (_build, _use)] = (None, runtime_shape(_build, _use))

# The depth of the corpus for a shape without a limit: chains long enough that a recursive
# walk over them would need tens of megabytes of stack in a sanitizer build (the tests of
# test/check/ go to 10,000 and 20,000), and values far deeper than recursion survives.
CHAIN_DEPTH = 2000
RUNTIME_DEPTH = 100000


def corpus(folder, kind="all"):
    for name, (limit, writer) in SHAPES.items():
        runtime = name.startswith("runtime-")
        if (kind == "compile" and runtime) or (kind == "runtime" and not runtime):
            continue
        if limit is not None:
            depths = [limit, limit + 1]
        else:
            depths = [RUNTIME_DEPTH if runtime else CHAIN_DEPTH]
        for depth in depths:
            writer(depth, os.path.join(folder, "%s-%d" % (name, depth)))


def main(argv):
    if argv[1:2] == ["--list"]:
        for name, (limit, _) in SHAPES.items():
            print(name, limit if limit is not None else "-")
        return 0
    if argv[1:2] == ["--corpus"] and len(argv) in (3, 4):
        kind = argv[3] if len(argv) == 4 else "all"
        if kind not in ("all", "compile", "runtime"):
            sys.stderr.write(__doc__)
            return 2
        corpus(argv[2], kind)
        return 0
    if len(argv) != 4 or argv[1] not in SHAPES:
        sys.stderr.write(__doc__)
        return 2
    SHAPES[argv[1]][1](int(argv[2]), argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
