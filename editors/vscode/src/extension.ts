// claimcheck for VS Code: runs `claimcheck lsp` on Markdown and plain-text
// drafts, shows the draft's counts in the status bar, and adds the commands
// "Show sources for claim" and "Restart server".

import * as vscode from "vscode";
import {
  DefinitionRequest,
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

import { findServer, ServerNotFound } from "./server";
import { serverSettings } from "./settings";
import { isDraft, StatusItem } from "./status";

let client: LanguageClient | undefined;
let status: StatusItem | undefined;
let output: vscode.LogOutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("claimcheck", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("claimcheck.restartServer", () => restart(context)),
    vscode.commands.registerCommand("claimcheck.showSources", showSources),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("claimcheck.server")) {
        void restart(context);
      } else if (event.affectsConfiguration("claimcheck") && client?.isRunning()) {
        // The server answers by pulling the `claimcheck` section again.
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
    { dispose: () => void stop() },
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  let server;
  try {
    server = await findServer(context.extensionPath);
  } catch (error) {
    if (!(error instanceof ServerNotFound)) {
      throw error;
    }
    output.error(error.message);
    const choice = await vscode.window.showErrorMessage(error.message, "Open settings");
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "claimcheck.server.path");
    }
    return;
  }
  output.info(`Starting ${server.version} from ${server.path}`);
  const serverOptions: ServerOptions = { command: server.path, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    middleware: {
      workspace: {
        // VS Code would answer with the whole `claimcheck` section, the
        // client's own `server.path` included.
        configuration: (params, token, next) =>
          params.items.every((item) => item.section === "claimcheck")
            ? params.items.map(() => serverSettings())
            : next(params, token),
      },
    },
  };
  client = new LanguageClient("claimcheck", "claimcheck", serverOptions, clientOptions);
  await client.start();
  status = new StatusItem(client);
}

async function stop(): Promise<void> {
  status?.dispose();
  status = undefined;
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) {
    await stopping.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

/** Opens the evidence for the claim under the cursor in a peek view, beside the claim. */
async function showSources(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isDraft(editor.document)) {
    void vscode.window.showInformationMessage("claimcheck: open a draft and put the cursor on a claim.");
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage("claimcheck: the server is not running; see the claimcheck output.");
    return;
  }
  const position = editor.selection.active;
  const answer = await client.sendRequest(DefinitionRequest.type, {
    textDocument: { uri: editor.document.uri.toString() },
    position: client.code2ProtocolConverter.asPosition(position),
  });
  const locations = (await client.protocol2CodeConverter.asDefinitionResult(answer)) ?? [];
  const evidence = (Array.isArray(locations) ? locations : [locations]).map((l) =>
    "targetUri" in l ? new vscode.Location(l.targetUri, l.targetSelectionRange ?? l.targetRange) : l,
  );
  if (evidence.length === 0) {
    void vscode.window.showInformationMessage("claimcheck: no source passage bears on the claim under the cursor.");
    return;
  }
  await vscode.commands.executeCommand("editor.action.peekLocations", editor.document.uri, position, evidence, "peek");
}
