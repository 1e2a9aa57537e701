// Finds the `claimcheck` binary the way rust-analyzer's extension finds its
// server: the `claimcheck.server.path` setting, else a binary bundled in the
// extension, else `claimcheck` on PATH. Each candidate must answer
// `--version`; an explicit setting that does not is an error, not a reason to
// fall back, so that the user is not silently served another binary.

import { execFile } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

import * as vscode from "vscode";

export interface Server {
  path: string;
  /** What `claimcheck --version` printed, e.g. `claimcheck 0.1.0`. */
  version: string;
}

const BINARY = process.platform === "win32" ? "claimcheck.exe" : "claimcheck";

/** How long `--version` may take: a guard against a binary that hangs. */
const VERSION_TIMEOUT_MS = 10_000;

export class ServerNotFound extends Error {}

export async function findServer(extensionPath: string): Promise<Server> {
  const configured = vscode.workspace.getConfiguration("claimcheck").get<string | null>("server.path");
  if (configured) {
    const resolved = configured.startsWith("~/") ? path.join(os.homedir(), configured.slice(2)) : configured;
    const version = await versionOf(resolved);
    if (version === undefined) {
      throw new ServerNotFound(
        `claimcheck.server.path is "${configured}", which does not run as \`claimcheck --version\`. ` +
          "Point it at a claimcheck binary, or clear it to use the bundled one or `claimcheck` on PATH.",
      );
    }
    return { path: resolved, version };
  }
  for (const candidate of [path.join(extensionPath, "server", BINARY), BINARY]) {
    const version = await versionOf(candidate);
    if (version !== undefined) {
      return { path: candidate, version };
    }
  }
  throw new ServerNotFound(
    "claimcheck's language server was not found: no binary is bundled with the extension and `claimcheck` is not on PATH. " +
      "Install it with `cargo install --path crates/claimcheck` from the claimcheck repository, " +
      "or set claimcheck.server.path to the binary.",
  );
}

/** The binary's `--version` output, or undefined if it does not run. */
function versionOf(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ["--version"], { timeout: VERSION_TIMEOUT_MS }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}
