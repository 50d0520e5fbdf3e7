# Writes a generated .pipe program of about N IR nodes to stdout, for the large-graph tests.
#   generate.py N parallel: independent blocks, each a read and a map whose body is a chain
#                           of 16 expressions (18 nodes a block), all returned, so
#                           collapsing the regions leaves about N/9 boxes;
#   generate.py N chain:    blocks of 8 nodes chained through a `var` updated in an `if`, so
#                           the program has about N/8 scheduling levels.
import sys

nodes, shape = int(sys.argv[1]), sys.argv[2]
out = ['pipeline main(root: str = "data", scale: int = 2) {', "  var total = 0"]
if shape == "parallel":
    for i in range(nodes // 18):
        out.append(f'  words{i} = text.words(root + "{i}")')
        out.append(f"  long{i} = map w in words{i} {{")
        out.append("    v0 = len(w) * scale")
        for j in range(1, 15):
            out.append(f"    v{j} = v{j - 1} + {j}")
        out.append("    yield v14")
        out.append("  }")
    out.append("  return [" + ", ".join(f"long{i}" for i in range(nodes // 18)) + "]")
    out.append("}")
    print("\n".join(out))
    sys.exit(0)
else:
    for i in range(nodes // 8):
        out.append(f'  text{i} = io.read_text(root + "/part{i}.txt")')
        out.append(f"  words{i} = text.words(text{i})")
        out.append(f"  long{i} = map w in words{i} {{")
        out.append("    u = upper(w)")
        out.append('    yield u + "!"')
        out.append("  }")
        out.append(f"  n{i} = len(long{i}) * scale")
        out.append(f"  if n{i} > 3 {{ total = total + n{i} }}")
out.append("  return total")
out.append("}")
print("\n".join(out))
