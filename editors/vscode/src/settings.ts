// The server's settings: every `claimcheck.*` setting except the client's own
// (`claimcheck.server.*`). The server names any key it does not know in a
// warning, so the client's settings must not reach it.

import * as vscode from "vscode";

const CLIENT_ONLY = new Set(["server"]);

/** The `claimcheck` section as the server reads it (`sources`, `debounceMs`, `severities`). */
export function serverSettings(): Record<string, unknown> {
  const section = vscode.workspace.getConfiguration("claimcheck");
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (typeof value !== "function" && !CLIENT_ONLY.has(key)) {
      settings[key] = value;
    }
  }
  return settings;
}
