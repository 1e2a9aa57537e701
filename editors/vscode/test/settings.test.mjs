// Keeps the settings declared in package.json in sync with the server's:
// every rule code of `claimcheck explain` has a severity setting and no other
// does, and the server accepts every declared setting at its default and
// knows no setting that package.json leaves out.
//
// The server is target/release/claimcheck unless CLAIMCHECK_BIN names another.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const server = process.env.CLAIMCHECK_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(repo, "target"), "release/claimcheck");
const manifest = JSON.parse(readFileSync(path.join(here, "../package.json"), "utf8"));
const properties = manifest.contributes.configuration.properties;

/** The settings the extension passes to the server: all but `claimcheck.server.*`. */
const serverProperties = Object.fromEntries(
  Object.entries(properties)
    .filter(([key]) => !key.startsWith("claimcheck.server."))
    .map(([key, schema]) => [key.slice("claimcheck.".length), schema]),
);

test("every rule has a severity setting, and only rules do", () => {
  const explain = execFileSync(server, ["explain"], { encoding: "utf8" });
  const codes = explain
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.split(/\s+/)[0]);
  assert.ok(codes.length > 0, `no rules in \`claimcheck explain\`:\n${explain}`);
  const severities = serverProperties.severities.properties;
  assert.deepEqual(Object.keys(severities).sort(), [...codes].sort());
  for (const [code, schema] of Object.entries(severities)) {
    assert.deepEqual(schema.enum, ["error", "warning", "info", "hint", "off"], code);
  }
});

test("the server accepts every declared setting and knows no other", async () => {
  // The server names each bad or unknown key in a warning, in key order; the
  // probe key is last both sorted and as inserted, so its warning comes after any other.
  const probe = "zz-unknown-probe";
  const settings = Object.fromEntries(Object.entries(serverProperties).map(([key, schema]) => [key, schema.default]));
  settings.severities = Object.fromEntries(
    Object.keys(serverProperties.severities.properties).map((code) => [code, "warning"]),
  );
  settings[probe] = true;

  const warnings = await initializeAndCollectWarnings(settings, (message) => message.includes(probe));

  assert.deepEqual(warnings.slice(0, -1), [], "the server rejected a declared setting");
  const known = warnings.at(-1).match(/\(known: ([^)]*)\)/);
  assert.ok(known, `the server's warning lists no known settings: ${warnings.at(-1)}`);
  assert.deepEqual(known[1].split(", ").sort(), Object.keys(settings).filter((key) => key !== probe).sort());
});

/** Starts `claimcheck lsp` with `initializationOptions` and returns the
 * `window/showMessage` texts up to the first that `last` accepts. */
function initializeAndCollectWarnings(initializationOptions, last) {
  const child = spawn(server, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const warnings = [];
  // A guard against a hang, not a timing assertion.
  const hangGuard = setTimeout(() => child.kill(), 60_000);
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    child.stdout.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const headerEnd = buffered.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffered.subarray(0, headerEnd).toString())[1]);
        if (buffered.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffered.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffered = buffered.subarray(headerEnd + 4 + length);
        if (message.id === 1 && "result" in message) {
          send({ method: "initialized", params: {} });
        } else if (message.method === "window/showMessage") {
          warnings.push(message.params.message);
          if (last(message.params.message)) {
            clearTimeout(hangGuard);
            child.kill();
            resolve(warnings);
          }
        } else if ("id" in message && "method" in message) {
          send({ id: message.id, result: null });
        }
      }
    });
    child.on("exit", () => reject(new Error(`the server exited before warning about the probe; warnings: ${warnings}`)));
    send({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {}, initializationOptions } });
  });
}
