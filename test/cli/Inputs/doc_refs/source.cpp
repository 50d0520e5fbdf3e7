// Good: docs/guide.md §1, docs/guide.md §2, "Order of effects", docs/guide.md, "Start",
// [g](guide.md) §1–2 and a reference split over two comment lines: docs/guide.md, "Order of
// effects".
// Bad: docs/guide.md §3, docs/guide.md, "Finish", docs/other.md §1, LANGUAGE.md §8 and
// docs/guide.md §2, "Start".
