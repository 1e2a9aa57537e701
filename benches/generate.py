#!/usr/bin/env python3
"""Deterministic bench inputs for `benches/check.sh`.

  generate.py corpus DIR MEGABYTES   writes synthetic source reports (.txt and .md)
  generate.py draft FILE WORDS       writes a Markdown draft of about WORDS words

Sentences are assembled from templates with organisations, people,
quantities, dates and quotations, so every extractor and the index have
realistic work. A fixed seed makes every run write the same bytes.
"""
import os
import random
import sys

ORGS = ["Acme Corp", "Bolt Ltd", "Cobalt Systems", "Delta Bank", "Ember Media", "Fjord Networks", "Granite Group",
        "Harbor Labs", "Ion Partners", "Juniper Trust", "Kestrel Analytics", "Lumen Press"]
PEOPLE = ["Jane Okafor", "Lee Park", "Dana Whitfield", "Omar Haddad", "Ines Duarte", "Tomasz Nowak", "Priya Raman",
          "Sam Osei", "Mei Lin", "Carlos Vega"]
OUTLETS = ["NBC News", "The New York Times", "Reuters", "The Guardian", "Bloomberg"]
NOUNS = ["documents", "pages", "emails", "accounts", "users", "contracts", "servers", "employees", "files", "partners"]
VERBS = ["shared", "sold", "reviewed", "leaked", "deleted", "archived", "audited", "copied", "flagged", "encrypted"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def number(rng):
    return rng.choice([
        f"{rng.randint(2, 99)}",
        f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}",
        f"{rng.randint(1, 95)}.{rng.randint(1, 9)} million",
        f"about {rng.randint(2, 900)}",
        f"more than {rng.randint(2, 500)}",
    ])


def sentence(rng):
    org, other, person = rng.choice(ORGS), rng.choice(ORGS), rng.choice(PEOPLE)
    year = rng.randint(2005, 2022)
    templates = [
        lambda: f"{org} {rng.choice(VERBS)} {number(rng)} {rng.choice(NOUNS)} with {other} in {year}.",
        lambda: f"According to {rng.choice(OUTLETS)}, {org} {rng.choice(VERBS)} {number(rng)} {rng.choice(NOUNS)} between {year} and {year + rng.randint(1, 5)}.",
        lambda: f"\u201cWe {rng.choice(VERBS)} only what the contract allowed,\u201d {person} said.",
        lambda: f"{person}, a director at {org}, said the company did not notify {other} before {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}.",
        lambda: f"The records show that {org} paid ${rng.randint(1, 90)} million to {other} for {number(rng)} {rng.choice(NOUNS)}.",
        lambda: f"{org} reportedly shares {rng.randint(5, 60)}% of its data with {other}, the report noted.",
    ]
    return rng.choice(templates)()


def corpus(directory, megabytes):
    rng = random.Random(7)
    os.makedirs(directory, exist_ok=True)
    target, written, index = megabytes * 1_000_000, 0, 0
    while written < target:
        extension = "md" if index % 3 == 0 else "txt"
        paragraphs = []
        for _ in range(rng.randint(20, 60)):
            paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 6))))
        body = f"Report {index} on {rng.choice(ORGS)}\n\nBy {rng.choice(PEOPLE)}\n\n" + "\n\n".join(paragraphs) + "\n"
        with open(os.path.join(directory, f"report-{index:05d}.{extension}"), "w", encoding="utf-8") as f:
            f.write(body)
        written += len(body.encode())
        index += 1


def draft(path, words):
    rng = random.Random(11)
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    with open(path, "w", encoding="utf-8") as f:
        f.write("# A long draft\n\n" + "\n\n".join(paragraphs) + "\n")


if __name__ == "__main__":
    kind, target, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    corpus(target, size) if kind == "corpus" else draft(target, size)
