#!/usr/bin/env python3
"""Measures the language server's edit -> diagnostics latency on a project.

Usage: lsp_latency.py CLAIMCHECK PROJECT_DIR DRAFT [EDITS] [push|pull]

Starts `CLAIMCHECK lsp` in PROJECT_DIR (which holds `sources/` and, when
indexed, `.claimcheck/`), opens DRAFT, waits for its first diagnostics (the
sources loaded), then makes EDITS edits (default 20), one at a time: each
changes one number of a claim, as a reporter correcting a figure would, and
times didChange -> the publishDiagnostics of that version. With `pull` the
client declares pull diagnostics, as VS Code and Neovim do, and asks for
them (`textDocument/diagnostic`) right after each change: what is timed is
didChange -> the answer, which the server gives once it has linted that
version. The debounce is
set to 0 so that what is timed is the server's work, not its wait for the
typing to stop (150 ms by default).

The judgements kept beside the index (`.claimcheck/judgements.json`) are put
back as they were once the server exits: it keeps its own at shutdown, and a
second run would otherwise start from its judgements of the edited claims
instead of searching for them afresh.

Prints one line: `p50_ms p95_ms edits load_s peak_rss_kb`.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from queue import Queue


class Server:
    def __init__(self, binary, cwd):
        self.process = subprocess.Popen(
            [binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put((time.perf_counter(), json.loads(stream.read(length))))

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, matches):
        """The first message that matches, answering the server's requests meanwhile."""
        while True:
            at, message = self.messages.get(timeout=600)
            if "id" in message and "method" in message:
                result = [{}] * len(message["params"].get("items", [])) if message["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            if matches(message):
                return at, message

    def peak_rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


def position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    return {"line": line, "character": len(before[len(before) - column:].encode("utf-16-le")) // 2}


def main():
    binary, project, draft = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    pull = len(sys.argv) > 5 and sys.argv[5] == "pull"
    kept_path = os.path.join(project, ".claimcheck", "judgements.json")
    kept = open(kept_path, "rb").read() if os.path.exists(kept_path) else None
    server = Server(binary, project)
    root = "file://" + project
    started = time.perf_counter()
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "bench"}],
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"diagnostic": {}} if pull else {}},
        "initializationOptions": {"debounceMs": 0},
    })
    server.notify("initialized", {})
    uri = "file://" + draft
    text = open(draft, encoding="utf-8").read()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})

    def diagnostics_of(version):
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version

    def pulled():
        return server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})[0]

    loaded = pulled() if pull else server.wait(diagnostics_of(1))[0]
    load_seconds = loaded - started
    pattern = re.compile(r"\b\d{2,4}\b")
    count = len(pattern.findall(text))
    latencies = []
    for version, nth in enumerate(range(0, count, max(1, count // edits))[:edits], start=2):
        # Found again each time: an edit that lengthens a number moves the later ones.
        match = list(pattern.finditer(text))[nth]
        replacement = str(int(match.group()) + 1)
        change = {"range": {"start": position(text, match.start()), "end": position(text, match.end())}, "text": replacement}
        text = text[:match.start()] + replacement + text[match.end():]
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        received = pulled() if pull else server.wait(diagnostics_of(version))[0]
        latencies.append((received - sent) * 1000)
    peak = server.peak_rss_kb()
    server.request("shutdown", None)
    server.notify("exit", None)
    server.process.wait()
    if kept is not None:
        with open(kept_path, "wb") as restored:
            restored.write(kept)
    elif os.path.exists(kept_path):
        os.remove(kept_path)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    print(f"{statistics.median(latencies):.0f} {p95:.0f} {len(latencies)} {load_seconds:.1f} {peak}")


if __name__ == "__main__":
    main()
