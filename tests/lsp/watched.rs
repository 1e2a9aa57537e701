//! Sources that change on disk: the server registers a watcher for the
//! sources folder, re-indexes what changed and lints the open drafts again.

use serde_json::{Value, json};

use crate::support::{Client, ClientOptions, write_files};
use crate::{DRAFT, Workspace};

#[test]
fn changed_created_and_deleted_sources_are_reindexed_and_drafts_relinted() {
    let workspace = Workspace::new("watched");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let watcher = &registration["params"]["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    let sources = workspace.root.join("sources");
    assert_eq!(watcher["registerOptions"]["watchers"][0]["globPattern"], format!("{}/**/*", sources.display()));

    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let codes = |diagnostics: Vec<Value>| diagnostics.iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(codes(client.diagnostics(&draft, 1)), ["contradicted-number"]);

    // The report is corrected to 7,000 pages and loses its Six4Three
    // sentence, which a new file states instead.
    let report = "The court filing runs to 7,000 pages, the plaintiff’s lawyers said.\n";
    write_files(&workspace.root, &[("sources/report.txt", report), ("sources/lawsuit.txt", "Six4Three sued the company in 2015.\n")]);
    let changes = json!([
        {"uri": workspace.uri("sources/report.txt"), "type": 2},
        {"uri": workspace.uri("sources/lawsuit.txt"), "type": 1},
    ]);
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": changes}));
    // The page count agrees now; the second claim's footnote still names the
    // report, which no longer says it.
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!(codes(diagnostics.clone()), ["misattribution"]);
    assert_eq!(diagnostics[0]["message"], "Cites report.txt, which does not say this; lawsuit.txt:1 does");
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": draft}, "position": {"line": 3, "character": 2}}),
    );
    assert_eq!(definition.expect("definition")["uri"], workspace.uri("sources/lawsuit.txt"));

    // The new file goes again: the claim is unsupported.
    std::fs::remove_file(sources.join("lawsuit.txt")).expect("delete the source");
    let changes = json!([{"uri": workspace.uri("sources/lawsuit.txt"), "type": 3}]);
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": changes}));
    assert_eq!(codes(client.diagnostics(&draft, 1)), ["unsupported-claim"]);
    client.shutdown();
}
