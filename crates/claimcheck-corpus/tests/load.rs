//! Loading a sources folder built on disk by the test.

use claimcheck_corpus::{Corpus, LoadError, LoadOptions, ProblemSeverity, Query, SourceFilter};

mod common;
use common::{folder, sentences_of};

fn relatives(corpus: &Corpus) -> Vec<String> {
    corpus.sources().iter().map(|s| s.relative.display().to_string()).collect()
}

#[test]
fn reads_what_it_can_and_reports_the_rest() {
    let root = folder(
        "load-mixed",
        &[
            (".gitignore", b"drafts/\n"),
            ("drafts/ignored.txt", b"Ignored text.\n"),
            (".hidden.txt", b"Hidden text.\n"),
            ("a.txt", b"Orbix hired 40 engineers in 2019.\n"),
            ("latin1.txt", b"Caf\xe9 Lumen opened in 2012.\n"),
            ("blob.txt", b"PK\x00\x03 binary"),
            ("notes.pdf", b"%PDF-1.4"),
            (
                "page.html",
                b"<html><head><style>p { color: red }</style><script>var secretToken = 1;</script></head>\
                  <body><p>Velto shipped 300 scooters.</p><p>Riders liked them.</p></body></html>",
            ),
            ("sub/b.md", b"# Heading\n\nVelto sold 12 vans in 2020.\n"),
        ],
    );
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("the folder loads");
    assert_eq!(relatives(&corpus), ["a.txt", "latin1.txt", "page.html", "sub/b.md"]);

    let problems: Vec<(String, ProblemSeverity)> =
        corpus.problems().iter().map(|p| (p.path.strip_prefix(&root).unwrap_or(&p.path).display().to_string(), p.severity)).collect();
    assert_eq!(
        problems,
        [
            ("blob.txt".to_owned(), ProblemSeverity::Skipped),
            ("latin1.txt".to_owned(), ProblemSeverity::Warning),
            ("notes.pdf".to_owned(), ProblemSeverity::Skipped),
        ]
    );

    let latin1 = sentences_of(&corpus, "latin1.txt").join(" ");
    assert!(latin1.contains("Caf\u{fffd} Lumen"), "{latin1:?}");

    let html = sentences_of(&corpus, "page.html");
    assert!(html.iter().any(|s| s == "Velto shipped 300 scooters."), "paragraphs stay apart: {html:?}");
    assert!(!html.iter().any(|s| s.contains("secretToken") || s.contains("color")), "{html:?}");
    assert_eq!(corpus.sources()[2].path(), root.join("page.html"));
}

#[test]
fn include_and_exclude_globs_choose_the_files_read() {
    let root = folder(
        "load-filter",
        &[
            ("a.txt", b"Orbix hired 40 engineers.\n"),
            ("page.html", b"<p>Velto shipped 300 scooters.</p>"),
            ("notes/todo.txt", b"Call Velto.\n"),
            ("notes/deep/b.md", b"Velto sold 12 vans.\n"),
            ("c.md", b"Bolt paid 4 suppliers.\n"),
        ],
    );
    let load = |include: &[&str], exclude: &[&str]| {
        let filter = SourceFilter::new(include, exclude).expect("valid globs");
        relatives(&Corpus::load(&root, &LoadOptions { filter, ..LoadOptions::default() }).expect("loads"))
    };
    assert_eq!(load(&[], &[]), ["a.txt", "c.md", "notes/deep/b.md", "notes/todo.txt", "page.html"]);
    assert_eq!(load(&["*.md"], &[]), ["c.md", "notes/deep/b.md"], "a glob without / matches at any depth");
    assert_eq!(load(&[], &["notes/*"]), ["a.txt", "c.md", "notes/deep/b.md", "page.html"], "* stays in one folder");
    assert_eq!(load(&[], &["notes/**", "*.html"]), ["a.txt", "c.md"]);
    assert_eq!(load(&["*.txt", "*.md"], &["/c.md"]), ["a.txt", "notes/deep/b.md", "notes/todo.txt"]);
    let error = SourceFilter::new(&["ok/*.txt"], &["notes/[z-a]"]).expect_err("a reversed range");
    assert_eq!(error.pattern, "notes/[z-a]");
}

#[test]
fn several_folders_load_as_one_corpus() {
    let project = folder("load-folders", &[("reports/a.txt", b"Orbix hired 40 engineers.\n"), ("emails/b.txt", b"Velto sold 12 vans.\n")]);
    let roots = [project.join("reports"), project.join("emails")];
    let corpus = Corpus::load_folders(&roots, &LoadOptions::default()).expect("both load");
    assert_eq!(relatives(&corpus), ["a.txt", "b.txt"]);
    assert_eq!(corpus.find_source("./b.txt", None), Some(corpus.sources()[1].id), "citations resolve in every folder");
    let missing = [project.join("reports"), project.join("nowhere")];
    assert!(matches!(Corpus::load_folders(&missing, &LoadOptions::default()), Err(LoadError::Root { .. })));
}

#[test]
fn a_missing_or_file_root_is_an_error() {
    let root = folder("load-errors", &[("only.txt", b"Some text.\n")]);
    let missing = root.join("nowhere");
    let error = Corpus::load(&missing, &LoadOptions::default()).expect_err("no folder");
    assert!(matches!(error, LoadError::Root { .. }));
    assert!(error.to_string().contains("nowhere"), "{error}");
    let error = Corpus::load(&root.join("only.txt"), &LoadOptions::default()).expect_err("a file");
    assert!(matches!(error, LoadError::NotAFolder { .. }));
    assert!(error.to_string().contains("only.txt"), "{error}");
}

#[test]
fn citations_resolve_against_draft_dir_root_and_stem() {
    let project = folder("load-citations", &[("sources/a.txt", b"Orbix hired 40 engineers.\n"), ("sources/b report.txt", b"Velto sold vans.\n")]);
    let root = project.join("sources");
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("loads");
    let (a, b) = (Some(corpus.sources()[0].id), Some(corpus.sources()[1].id));
    assert_eq!(corpus.find_source("sources/a.txt", Some(&project)), a);
    assert_eq!(corpus.find_source("./a.txt", None), a);
    assert_eq!(corpus.find_source("a.txt", None), a);
    assert_eq!(corpus.find_source("a", None), a);
    assert_eq!(corpus.find_source("sources/b%20report.txt", Some(&project)), b);
    assert_eq!(corpus.find_source("c.txt", Some(&project)), None);
}

#[test]
fn a_loaded_folder_ranks_the_passage_with_the_same_number_first() {
    let texts: Vec<(String, Vec<u8>)> = (0..5)
        .map(|i| {
            let text = format!(
                "Report {i}\n\nBy Dana Whitlock\n\nOrbix hired {n} engineers in 201{i}. The firm said growth slowed.\n\n\
                 According to a report by NBC News, Orbix paid ${i} million to settle.\n",
                n = 10 * (i + 1)
            );
            (format!("r{i}.txt"), text.into_bytes())
        })
        .collect();
    let files: Vec<(&str, &[u8])> = texts.iter().map(|(p, t)| (p.as_str(), t.as_slice())).collect();
    let root = folder("load-ranking", &files);
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("loads");
    assert_eq!(corpus.sources().len(), 5);
    let query = Query { text: "Orbix hired engineers", entities: vec!["Orbix"], numbers: vec![30.0], years: vec![], within: None };
    let hits = corpus.retrieve(&query, 2);
    assert_eq!(hits.len(), 2);
    assert_eq!(corpus.source(hits[0].passage.source()).map(|s| s.relative.clone()), Some("r2.txt".into()), "the passage with the same number ranks first");
}

#[test]
fn reload_reads_only_changed_and_new_files() {
    let root =
        folder("load-reload", &[("a.txt", b"Orbix hired 40 engineers in 2019.\n"), ("b.txt", b"Velto sold 12 vans.\n"), ("c.txt", b"Lumen opened in 2012.\n")]);
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("loads");
    // a.txt changes and says so; b.txt changes without saying so; c.txt goes; d.txt comes.
    std::fs::write(root.join("a.txt"), "Orbix hired 50 engineers in 2019.\n").unwrap();
    std::fs::write(root.join("b.txt"), "Velto sold 99 vans.\n").unwrap();
    std::fs::remove_file(root.join("c.txt")).unwrap();
    std::fs::write(root.join("d.txt"), "Kestrel bought 3 ferries.\n").unwrap();
    let changed = [root.join("a.txt"), root.join("c.txt")];
    let reloaded = corpus.reload(&changed, &LoadOptions::default()).expect("reloads");
    assert_eq!(relatives(&reloaded), ["a.txt", "b.txt", "d.txt"]);
    let texts: Vec<Vec<String>> = ["a.txt", "b.txt", "d.txt"].iter().map(|r| sentences_of(&reloaded, r)).collect();
    assert_eq!(texts, [["Orbix hired 50 engineers in 2019."], ["Velto sold 12 vans."], ["Kestrel bought 3 ferries."]]);
    assert_eq!(reloaded.passage_count(), 3, "no passage of c.txt or of the old a.txt is left");
    let query = Query { text: "Kestrel ferries", ..Query::default() };
    let hit = reloaded.retrieve(&query, 1).swap_remove(0);
    assert_eq!(reloaded.source(hit.passage.source()).map(|s| s.relative.clone()), Some("d.txt".into()), "the index holds the new file");
    let in_memory = Corpus::from_documents(Vec::new(), &LoadOptions::default()).unwrap();
    assert!(matches!(in_memory.reload(&[], &LoadOptions::default()), Err(LoadError::InMemory)));
}

#[cfg(unix)]
#[test]
fn links_are_followed_inside_the_folder_never_out_of_it() {
    use std::os::unix::fs::symlink;

    let outside = folder("outside-secrets", &[("secret.txt", b"The password is swordfish.\n")]);
    let root = folder("links", &[("report.txt", b"Acme paid 40 suppliers.\n"), ("sub/notes.txt", b"Bolt sold shoes.\n")]);
    symlink(outside.join("secret.txt"), root.join("leak.txt")).unwrap();
    symlink(&outside, root.join("elsewhere")).unwrap();
    symlink(root.join("report.txt"), root.join("alias.txt")).unwrap();
    symlink(root.join("sub"), root.join("mirror")).unwrap();
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("loads");
    assert_eq!(relatives(&corpus), ["alias.txt", "mirror/notes.txt", "report.txt", "sub/notes.txt"]);
    // The folder itself may be a link: what is under it is inside.
    let linked_root = outside.parent().unwrap().join("links-linked");
    let _ = std::fs::remove_file(&linked_root);
    symlink(&root, &linked_root).unwrap();
    let through_link = Corpus::load(&linked_root, &LoadOptions::default()).expect("loads");
    assert_eq!(relatives(&through_link), relatives(&corpus));
    assert!(corpus.retrieve(&Query { text: "password swordfish", ..Query::default() }, 5).is_empty());
    let refused: Vec<String> = corpus
        .problems()
        .iter()
        .filter(|p| p.message.contains("outside the sources folder"))
        .map(|p| p.path.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(refused, ["elsewhere/secret.txt", "leak.txt"]);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_among_the_sources_is_reported_not_read() {
    let root = folder("load-fifo", &[("a.txt", b"Orbix hired 40 engineers in 2019.\n")]);
    let made = std::process::Command::new("mkfifo").arg(root.join("pipe.txt")).status().expect("mkfifo runs");
    assert!(made.success());
    // Opening the pipe would block until a writer comes, which none will:
    // the load runs on a thread, and a hang fails the test instead of stalling it.
    let (sender, loaded) = std::sync::mpsc::channel();
    let loading = root.clone();
    // Nobody may be left to receive: a load that took too long has failed the test already.
    std::thread::spawn(move || drop(sender.send(Corpus::load(&loading, &LoadOptions::default()))));
    let corpus = loaded.recv_timeout(std::time::Duration::from_secs(60)).expect("the load ends").expect("the folder loads");
    assert_eq!(relatives(&corpus), ["a.txt"]);
    let problems: Vec<(String, &str)> =
        corpus.problems().iter().map(|p| (p.path.strip_prefix(&root).unwrap().display().to_string(), p.message.as_str())).collect();
    assert_eq!(problems, [("pipe.txt".to_owned(), "skipped: not a regular file (a named pipe, socket or device)")]);
}
