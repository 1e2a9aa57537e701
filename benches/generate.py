#!/usr/bin/env python3
"""Deterministic bench inputs for `benches/check.sh` and `benches/scale.sh`.

  generate.py corpus DIR MEGABYTES [small|varied]
                                             writes synthetic source reports (.txt, .md, .html, .eml, .pdf)
  generate.py draft FILE WORDS [CORPUS_DIR]  writes a Markdown draft of about WORDS words,
                                             drawn from CORPUS_DIR's reports (some altered),
                                             and, with CORPUS_DIR, its labels (`labels_path`)

Sentences are assembled from templates with organisations, people,
quantities, dates and quotations, so every extractor and the index have
realistic work. A fixed seed makes every run write the same bytes.

The corpus's vocabulary is *small* by default: a dozen organisations, ten
people, ten verbs and ten nouns, 122 distinct words in all, so that nearly
every word of a claim is in a large share of the passages: the hard case for
search. *Varied* draws made-up words, names and organisations from pools as
large as real reporting's (`Varied`), so that a claim holds rare words as
real claims do.
"""
import html
import os
import random
import re
import sys
import textwrap

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


class Varied:
    """Made-up words, names and organisations, each drawn by Zipf's law (the
    word of rank r is drawn in proportion to 1/r), as words are in real text:
    a few common, most rare. Real reporting runs to tens of thousands of
    distinct words (the five Facebook reports of the first corpus, 2,420
    words long, already use 742); so do these pools."""

    SYLLABLES = ["ba", "del", "ka", "lor", "mi", "nar", "os", "pel", "quin", "ras", "sol", "tav", "ul", "ven", "wes",
                 "yar", "zo", "bri", "cor", "dun", "fal", "gri", "hal", "ist", "jor", "kel", "lim", "mor", "nis", "ord"]

    def __init__(self):
        rng = random.Random(13)
        made_up = set()
        while len(made_up) < 80_000:
            made_up.add("".join(rng.choice(self.SYLLABLES) for _ in range(rng.randint(2, 4))))
        made_up = sorted(made_up)
        rng.shuffle(made_up)
        take = lambda n: [made_up.pop() for _ in range(n)]
        self.words = self.zipf(take(60_000))
        self.nouns = self.zipf([w + "s" for w in take(1_500)])
        self.verbs = self.zipf([w + "ed" for w in take(800)])
        suffixes = ["Corp", "Ltd", "Group", "Labs", "Bank", "Media", "Trust", "Systems", "Partners", "Networks"]
        self.orgs = self.zipf([f"{w.capitalize()} {rng.choice(suffixes)}" for w in take(4_000)])
        firsts, lasts = take(400), take(6_000)
        self.people = self.zipf([f"{rng.choice(firsts).capitalize()} {last.capitalize()}" for last in lasts])
        papers = ["Herald", "Times", "Post", "Journal", "Review", "Courier", "Ledger", "Tribune"]
        self.outlets = self.zipf([f"The {w.capitalize()} {rng.choice(papers)}" for w in take(150)])

    @staticmethod
    def zipf(items):
        weights, total = [], 0.0
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank
            weights.append(total)
        return items, weights

    @staticmethod
    def draw(rng, pool, k=None):
        """One item of POOL, or a list of K."""
        items, weights = pool
        drawn = rng.choices(items, cum_weights=weights, k=k or 1)
        return drawn if k else drawn[0]

    def sentence(self, rng):
        draw = lambda pool: self.draw(rng, pool)
        org, other, person = draw(self.orgs), draw(self.orgs), draw(self.people)
        topic = " ".join(self.draw(rng, self.words, 2))
        year = rng.randint(2005, 2022)
        templates = [
            lambda: f"{org} {draw(self.verbs)} {number(rng)} {draw(self.nouns)} of its {topic} work with {other} in {year}.",
            lambda: f"According to {draw(self.outlets)}, {org} {draw(self.verbs)} {number(rng)} {draw(self.nouns)} tied to the {topic} deal between {year} and {year + rng.randint(1, 5)}.",
            lambda: f"\u201cWe {draw(self.verbs)} only what the {topic} contract allowed,\u201d {person} said.",
            lambda: f"{person}, a director at {org}, said the company did not tell {other} about the {topic} plan before {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}.",
            lambda: f"The records show that {org} paid ${rng.randint(1, 90)} million to {other} for {number(rng)} {draw(self.nouns)} in the {topic} unit.",
            lambda: f"{org} reportedly shares {rng.randint(5, 60)}% of its {topic} data with {other}, the report noted.",
        ]
        return rng.choice(templates)()

    def person(self, rng):
        return self.draw(rng, self.people)

    def correspondents(self, rng):
        return self.person(rng), self.person(rng)

    def org(self, rng):
        return self.draw(rng, self.orgs)


class Small:
    """The small vocabulary of the module's lists."""

    sentence = staticmethod(sentence)

    @staticmethod
    def person(rng):
        return rng.choice(PEOPLE)

    @staticmethod
    def correspondents(rng):
        return rng.sample(PEOPLE, 2)

    @staticmethod
    def org(rng):
        return rng.choice(ORGS)


def html_page(title, byline, paragraphs):
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f"<!doctype html>\n<html><head><title>{html.escape(title)}</title>\n"
            "<style>body { font-family: serif } p { margin: 0 0 1em }</style>\n"
            "<script>window.analytics = { track: function () {} };</script></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n<p class=\"byline\">{html.escape(byline)}</p>\n{body}</body></html>\n")


def email(rng, index, title, paragraphs, vocabulary):
    sender, recipient = vocabulary.correspondents(rng)
    address = lambda name: name.lower().replace(" ", ".") + "@example.org"
    day = rng.randint(1, 28)
    date = f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][day % 5]}, {day} {rng.choice(MONTHS)[:3]} {rng.randint(2005, 2022)} 09:{day:02d}:00 +0000"
    body = "\r\n\r\n".join(paragraphs)
    return (f"From: {sender} <{address(sender)}>\r\nTo: {recipient} <{address(recipient)}>\r\n"
            f"Subject: {title}\r\nDate: {date}\r\nMessage-ID: <{index}@example.org>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            f"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
            f"--b\r\nContent-Type: text/plain; name=\"notes-{index}.txt\"\r\nContent-Disposition: attachment; filename=\"notes-{index}.txt\"\r\n\r\n"
            f"{paragraphs[0]}\r\n--b--\r\n")


def pdf_document(title, paragraphs):
    """A PDF with a text layer: Helvetica, about 45 lines a page, each
    paragraph wrapped at 90 characters and followed by a blank line."""
    lines = [title, ""]
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, 90) + [""]
    pages = [lines[i:i + 45] for i in range(0, len(lines), 45)]
    escape = lambda text: text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        text = "".join(f"1 0 0 1 50 {780 - 16 * i} Tm ({escape(line.encode('latin-1', 'replace').decode('latin-1'))}) Tj\n" for i, line in enumerate(page))
        stream = f"BT /F1 10 Tf\n{text}ET".encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} /Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 612 792] >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("latin-1")) + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


FORMATS = ["txt", "md", "html", "eml", "pdf"]


def corpus(directory, megabytes, vocabulary="small"):
    """Reports in turn as .txt, .md, .html, .eml and .pdf, until their text
    reaches MEGABYTES (the files are somewhat larger: markup, headers), in
    the small or the varied vocabulary."""
    vocabulary = Varied() if vocabulary == "varied" else Small()
    rng = random.Random(7)
    os.makedirs(directory, exist_ok=True)
    target, written, index = megabytes * 1_000_000, 0, 0
    while written < target:
        extension = FORMATS[index % len(FORMATS)]
        paragraphs = [" ".join(vocabulary.sentence(rng) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(20, 60))]
        title, byline = f"Report {index} on {vocabulary.org(rng)}", f"By {vocabulary.person(rng)}"
        if extension == "html":
            data = html_page(title, byline, paragraphs).encode()
        elif extension == "eml":
            data = email(rng, index, title, paragraphs, vocabulary).encode()
        elif extension == "pdf":
            data = pdf_document(title, paragraphs)
        else:
            heading = "# " if extension == "md" else ""
            data = (f"{heading}{title}\n\n{byline}\n\n" + "\n\n".join(paragraphs) + "\n").encode()
        with open(os.path.join(directory, f"report-{index:05d}.{extension}"), "wb") as f:
            f.write(data)
        written += sum(len(p) for p in paragraphs)
        index += 1


def altered(rng, text):
    """The sentence with one number changed, or None when it has none."""
    numbers = [m for m in re.finditer(r"\d+", text)]
    if not numbers:
        return None
    m = rng.choice(numbers)
    return text[:m.start()] + str(int(m.group()) + rng.randint(1, 9)) + text[m.end():]


def draft(path, words, corpus_directory=None):
    """A draft of about WORDS words. With CORPUS_DIR, its sentences are
    drawn from the corpus's .txt and .md reports, one in five with a number
    changed (a claim to contradict); without, they are new sentences."""
    rng = random.Random(11)
    pool = []
    if corpus_directory:
        for name in sorted(os.listdir(corpus_directory)):
            if name.endswith((".txt", ".md")) and len(pool) < 200_000:
                with open(os.path.join(corpus_directory, name), encoding="utf-8") as f:
                    pool += [s for s in re.split(r"(?<=\.)\s+(?=[A-Z\u201c])", f.read()) if s.endswith(".") and "\n" not in s]
    labels = []
    def pick():
        if not pool:
            return sentence(rng)
        chosen = rng.choice(pool)
        changed = altered(rng, chosen) if rng.random() < 0.2 else None
        labels.append(("contradicted" if changed else "supported", changed or chosen, chosen))
        return changed or chosen
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(pick() for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    with open(path, "w", encoding="utf-8") as f:
        f.write("# A long draft\n\n" + "\n\n".join(paragraphs) + "\n")
    if labels:
        with open(labels_path(path), "w", encoding="utf-8") as f:
            f.writelines(f"{label}\t{written}\t{drawn}\n" for label, written, drawn in labels)


def labels_path(draft_path):
    """Where the draft's labels go: a line for each sentence drawn from the
    corpus, `LABEL<tab>AS WRITTEN<tab>AS DRAWN`, where LABEL is what the
    sources say of it: `supported` when drawn as is, `contradicted` when a
    number was changed."""
    return os.path.splitext(draft_path)[0] + ".labels.tsv"


if __name__ == "__main__":
    kind, target, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    corpus(target, size, *sys.argv[4:5]) if kind == "corpus" else draft(target, size, *sys.argv[4:5])
