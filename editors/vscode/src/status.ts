// The status bar item: the open draft's supported claims and problems.
// The server has no count of its own; the client counts what it already
// receives: claimcheck's diagnostics (the problems) and the document symbols,
// one per claim with its verdict as the detail (the supported claims).

import * as vscode from "vscode";
import { DocumentSymbol, DocumentSymbolRequest, LanguageClient } from "vscode-languageclient/node";

const SOURCE = "claimcheck";

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("claimcheck.counts", vscode.StatusBarAlignment.Left);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Increases with every refresh, so that a slow answer cannot overwrite a newer one. */
  private generation = 0;

  constructor(private readonly client: LanguageClient) {
    this.item.name = "claimcheck";
    this.item.command = "claimcheck.showSources";
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(() => void this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
    );
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.client.isRunning() || !isDraft(document)) {
      this.item.hide();
      return;
    }
    const problems = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE).length;
    const symbols = await this.client
      .sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: document.uri.toString() } })
      .catch(() => null);
    if (generation !== this.generation) {
      return;
    }
    const supported = (symbols ?? []).filter((s) => "detail" in s && (s as DocumentSymbol).detail === "supported").length;
    this.item.text = `$(pass) ${supported} supported  $(warning) ${problems} flagged`;
    this.item.tooltip = `claimcheck: ${supported} claims supported by the sources, ${problems} problems in this draft`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

export function isDraft(document: vscode.TextDocument): boolean {
  return document.languageId === "markdown" || document.languageId === "plaintext";
}
