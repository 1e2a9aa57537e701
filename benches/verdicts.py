#!/usr/bin/env python3
"""Scores `check`'s verdicts on a generated draft against its labels.

Usage: verdicts.py CHECK_JSON LABELS_TSV

CHECK_JSON is the output of `claimcheck check --format json` of a draft that
`benches/generate.py draft` wrote; LABELS_TSV the labels it wrote beside it
(`LABEL<tab>AS WRITTEN<tab>AS DRAWN` a sentence). For each label it counts
the verdicts its claims got, and how often the claim's evidence is the very
sentence it was drawn from (the passage retrieval should find: for a
sentence with a changed number, the one that contradicts it).

The generated corpus repeats its sentence frames with other names and
numbers, so a drawn sentence is often *contested* too (another source has
the frame with another figure): the verdict counts show the mix, and the
evidence count is the measure of retrieval. Compare two builds on one draft.

Prints a Markdown table.
"""

import collections
import json
import sys


def main():
    report, labels_path = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2]
    claims = collections.defaultdict(list)
    for file in report["files"]:
        for claim in file["claims"]:
            claims[claim["text"]].append(claim)
    verdicts = collections.defaultdict(collections.Counter)
    found, total, missing = collections.Counter(), collections.Counter(), 0
    for line in open(labels_path, encoding="utf-8"):
        label, written, drawn = line.rstrip("\n").split("\t")
        matching = claims.get(written)
        if not matching:
            missing += 1
            continue
        claim = matching.pop(0) if len(matching) > 1 else matching[0]
        total[label] += 1
        verdicts[label][claim["verdict"]] += 1
        found[label] += any(evidence["text"] == drawn for evidence in claim["evidence"])
    names = sorted({verdict for counts in verdicts.values() for verdict in counts})
    print("| label | claims | evidence is the drawn sentence | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for label in sorted(total):
        counts = verdicts[label]
        print(f"| {label} | {total[label]} | {found[label]} | " + " | ".join(str(counts[name]) for name in names) + " |")
    if missing:
        print(f"\n{missing} labelled sentences were not claims of the report.")


if __name__ == "__main__":
    main()
