//! Settings from `initializationOptions` and `workspace/configuration`: bad
//! values are named in a message, good ones take effect, and a change
//! re-lints the open drafts.

use serde_json::{Value, json};

use crate::support::{Client, ClientOptions, WARNING, shown_message, write_files};
use crate::{DRAFT, Workspace};

#[test]
fn bad_initialization_options_are_named_and_good_ones_apply() {
    let workspace = Workspace::new("bad-options");
    let options = json!({"debounceMs": "soon", "severities": {"contradicted-number": "warning", "no-such-rule": "error"}});
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions { initialization_options: options, ..ClientOptions::default() });
    client.wait_for(shown_message(WARNING, "`debounceMs`"));
    client.wait_for(shown_message(WARNING, "`no-such-rule`"));
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!((diagnostics.len(), &diagnostics[0]["severity"]), (1, &json!(2)), "contradicted-number is a warning now");
    client.shutdown();
}

#[test]
fn workspace_configuration_overrides_the_options_and_changes_relint() {
    let workspace = Workspace::new("configuration");
    // Another sources folder, where the page count agrees with the draft.
    write_files(&workspace.root, &[("refs/filing.txt", "The court filing runs to 7,000 pages, the plaintiff’s lawyers said. Six4Three sued the company in 2015.\n")]);
    let options = ClientOptions {
        initialization_options: json!({"sources": "sources"}),
        configuration: json!({"sources": "refs"}),
        ..ClientOptions::default()
    };
    let (mut client, _) = Client::start(&workspace.root, &options);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let codes = |diagnostics: Vec<Value>| diagnostics.iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    // Against refs/ the number agrees, and the footnotes name a file refs/ does not hold.
    assert_eq!(codes(client.diagnostics(&draft, 1)), ["broken-citation", "broken-citation"]);

    // Back to sources/, where the number is contradicted.
    client.set_configuration(json!({"sources": "sources"}));
    client.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    assert_eq!(codes(client.diagnostics(&draft, 1)), ["contradicted-number"]);

    // A rule turned off, and a bad value named.
    client.set_configuration(json!({"sources": "sources", "severities": {"contradicted-number": "off", "misquote": 3}}));
    client.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    client.wait_for(shown_message(WARNING, "`severities.misquote`"));
    assert_eq!(client.diagnostics(&draft, 1), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn a_sources_setting_that_names_no_folder_is_reported() {
    let workspace = Workspace::new("missing-sources");
    let options = ClientOptions { initialization_options: json!({"sources": "nowhere"}), ..ClientOptions::default() };
    let (mut client, _) = Client::start(&workspace.root, &options);
    client.wait_for(|m| {
        m["method"] == "window/showMessage" && m["params"]["type"] == 1 && m["params"]["message"].as_str().is_some_and(|t| t.contains("nowhere"))
    });
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    // Without sources there is nothing to check against; requests still get answers.
    let hover = client.request("textDocument/hover", json!({"textDocument": {"uri": draft}, "position": {"line": 2, "character": 3}}));
    assert_eq!(hover, Ok(Value::Null));
    client.shutdown();
}

#[test]
fn the_projects_claimcheck_toml_names_the_sources_and_rule_levels() {
    let workspace = Workspace::new("claimcheck-toml");
    std::fs::rename(workspace.root.join("sources"), workspace.root.join("library")).expect("move the sources");
    let config = "sources = [\"library\"]\n\n[rules]\ncontradicted-number = \"warning\"\nbroken-citation = \"off\"\n";
    write_files(&workspace.root, &[("claimcheck.toml", config)]);
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!((&diagnostics[0]["code"], &diagnostics[0]["severity"]), (&json!("contradicted-number"), &json!(2)));
    assert_eq!(diagnostics[0]["relatedInformation"][0]["location"]["uri"], workspace.uri("library/report.txt"));
    client.shutdown();
}

#[test]
fn a_broken_claimcheck_toml_is_reported_with_its_line() {
    let workspace = Workspace::new("broken-toml");
    write_files(&workspace.root, &[("claimcheck.toml", "[rules]\nmisquote = \"loud\"\n")]);
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let message = client.wait_for(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 1);
    let text = message["params"]["message"].as_str().unwrap();
    assert!(text.contains("claimcheck.toml") && text.contains("misquote"), "{text}");
    client.shutdown();
}

#[test]
fn a_new_claimcheck_toml_is_read_when_it_appears() {
    let workspace = Workspace::new("toml-appears");
    let (mut client, _) = Client::start(&workspace.root, &ClientOptions::default());
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let globs: Vec<&str> = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    let config = workspace.root.join("claimcheck.toml");
    assert_eq!(globs, [format!("{}/**/*", workspace.root.join("sources").display()), config.display().to_string()]);
    let draft = workspace.uri("draft.md");
    client.open(&draft, "markdown", DRAFT);
    assert_eq!(client.diagnostics(&draft, 1)[0]["severity"], 1);
    write_files(&workspace.root, &[("claimcheck.toml", "[rules]\ncontradicted-number = \"hint\"\n")]);
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": workspace.uri("claimcheck.toml"), "type": 1}]}));
    let diagnostics = client.diagnostics(&draft, 1);
    assert_eq!((&diagnostics[0]["code"], &diagnostics[0]["severity"]), (&json!("contradicted-number"), &json!(4)));
    client.shutdown();
}
