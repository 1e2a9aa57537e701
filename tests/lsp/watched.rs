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

/// Runs `claimcheck index` in `root`; its standard error.
fn index(root: &std::path::Path) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_claimcheck")).arg("index").current_dir(root).output().expect("claimcheck index runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_persistent_index_is_used_and_brought_up_to_date() {
    let workspace = Workspace::new("watched-indexed");
    index(&workspace.root);
    // Sources change while no editor is open.
    let report = "The court filing runs to 7,000 pages, the plaintiff’s lawyers said.\n";
    write_files(&workspace.root, &[("sources/report.txt", report), ("sources/lawsuit.txt", "Six4Three sued the company in 2015.\n")]);

    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let codes: Vec<String> = client.diagnostics(&draft, 1).iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect();
    assert_eq!(codes, ["misattribution"], "the server read the changed sources");
    client.shutdown();
    let after = index(&workspace.root);
    assert!(after.contains(" 0 read") && after.contains("0 removed"), "the server brought the index up to date: {after}");
}

#[test]
fn the_server_keeps_its_judgements_beside_the_index_and_starts_from_them() {
    let workspace = Workspace::new("watched-judgements");
    index(&workspace.root);
    let kept = workspace.root.join(".claimcheck/judgements.json");
    let draft = workspace.uri("draft.md");
    let codes = |diagnostics: Vec<Value>| diagnostics.iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();

    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    client.open(&draft, "markdown", DRAFT);
    assert_eq!(codes(client.diagnostics(&draft, 1)), ["contradicted-number"]);
    client.shutdown();
    let text = std::fs::read_to_string(&kept).expect("the server kept its judgements at shutdown");

    // The next server starts from them: judgements that find nothing in the
    // sources, written there, are what it reports. The file holds the layout, index
    // format, claimcheck, corpus, names, sources, passages and judgements, in that order.
    let mut recollection: Value = serde_json::from_str(&text).expect("JSON");
    let judgements = recollection[7].as_array_mut().expect("judgements");
    assert!(!judgements.is_empty());
    for judgement in judgements {
        let assessment = &mut judgement[2]["assessment"];
        for found in ["support", "nearest", "echoed_by", "rivals"] {
            assessment[found] = json!([]);
        }
        assessment["conflict"] = Value::Null;
    }
    std::fs::write(&kept, serde_json::to_string(&recollection).unwrap()).unwrap();
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    client.open(&draft, "markdown", DRAFT);
    let recalled = codes(client.diagnostics(&draft, 1));
    assert!(!recalled.is_empty() && recalled.iter().all(|code| code == "unsupported-claim"), "{recalled:?}");
    client.shutdown();
}
