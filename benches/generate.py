#!/usr/bin/env python3
"""Deterministic bench inputs for `benches/check.sh`.

  generate.py corpus DIR MEGABYTES           writes synthetic source reports (.txt, .md, .html, .eml, .pdf)
  generate.py draft FILE WORDS [CORPUS_DIR]  writes a Markdown draft of about WORDS words,
                                             drawn from CORPUS_DIR's reports (some altered)

Sentences are assembled from templates with organisations, people,
quantities, dates and quotations, so every extractor and the index have
realistic work. A fixed seed makes every run write the same bytes.
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


def html_page(title, byline, paragraphs):
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f"<!doctype html>\n<html><head><title>{html.escape(title)}</title>\n"
            "<style>body { font-family: serif } p { margin: 0 0 1em }</style>\n"
            "<script>window.analytics = { track: function () {} };</script></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n<p class=\"byline\">{html.escape(byline)}</p>\n{body}</body></html>\n")


def email(rng, index, title, paragraphs):
    sender, recipient = rng.sample(PEOPLE, 2)
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


def corpus(directory, megabytes):
    """Reports in turn as .txt, .md, .html, .eml and .pdf, until their text
    reaches MEGABYTES (the files are somewhat larger: markup, headers)."""
    rng = random.Random(7)
    os.makedirs(directory, exist_ok=True)
    target, written, index = megabytes * 1_000_000, 0, 0
    while written < target:
        extension = FORMATS[index % len(FORMATS)]
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(20, 60))]
        title, byline = f"Report {index} on {rng.choice(ORGS)}", f"By {rng.choice(PEOPLE)}"
        if extension == "html":
            data = html_page(title, byline, paragraphs).encode()
        elif extension == "eml":
            data = email(rng, index, title, paragraphs).encode()
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
    def pick():
        if not pool:
            return sentence(rng)
        chosen = rng.choice(pool)
        return (altered(rng, chosen) or chosen) if rng.random() < 0.2 else chosen
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(pick() for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    with open(path, "w", encoding="utf-8") as f:
        f.write("# A long draft\n\n" + "\n\n".join(paragraphs) + "\n")


if __name__ == "__main__":
    kind, target, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    corpus(target, size) if kind == "corpus" else draft(target, size, *sys.argv[4:5])
