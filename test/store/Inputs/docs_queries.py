#!/usr/bin/env python3
"""docs_queries.py — the example queries of docs/store.md ("Schema"), so that the tests run
exactly what the documentation shows.
  docs_queries.py sql STORE_MD            prints the queries, one per paragraph (for psql -f)
  docs_queries.py sqlite STORE_MD DB      runs each against an SQLite store and prints its
                                          rows as `a|b|c`, each query's output after a line
                                          `-- query N`
"""
import re
import sqlite3
import sys


def queries(markdown_path):
    text = open(markdown_path, encoding="utf-8").read()
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    if not blocks:
        sys.exit(f"no ```sql block in {markdown_path}")
    statements = []
    for block in blocks:
        for statement in block.split(";"):
            code = "\n".join(line for line in statement.splitlines()
                             if line.strip() and not line.strip().startswith("--"))
            if code.strip():
                statements.append(code.strip() + ";")
    return statements


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "sql":
        for statement in queries(sys.argv[2]):
            print(statement)
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "sqlite":
        db = sqlite3.connect(sys.argv[3])
        for number, statement in enumerate(queries(sys.argv[2]), 1):
            print(f"-- query {number}")
            for row in db.execute(statement):
                print("|".join("" if v is None else str(v) for v in row))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
