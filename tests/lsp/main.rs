//! End-to-end tests of `claimcheck lsp`: each spawns the real binary and
//! speaks JSON-RPC to it over standard input and output.

mod diagnostics;
mod features;
mod protocol;
mod robustness;
mod settings;
mod soak;
mod support;
mod sync;
mod watched;

use std::path::PathBuf;

use crate::support::{scratch, uri, write_files};

/// A source written for these tests (its facts echo the Facebook leaks); its
/// third line tries to inject a link and a command URI into hovers.
const REPORT: &str = "Leaked files show how the company traded access to user data.\n\
\n\
The court filing runs to 4,000 pages, the plaintiff’s lawyers said. \
A start-up called Six4Three sued the company in 2015 <https://x.example> [see](command:workbench.action.quit).\n\
\n\
Microsoft’s search engine could see the names of users’ friends, the records show.\n";

/// A draft with curly quotes, em dashes, an emoji and CRLF line ends; its
/// third line gives the wrong page count. Both claims cite the report.
const DRAFT: &str = "# Leak notes\r\n\
\r\n\
The filing 📁 — all of it — runs to 7,000 pages, the plaintiff’s lawyers said.[^r]\r\n\
Six4Three sued the company in 2015.[^r]\r\n\
\r\n\
[^r]: sources/report.txt\r\n";

/// A workspace with `sources/report.txt` and `draft.md`.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let root = scratch(name);
        write_files(&root, &[("sources/report.txt", REPORT), ("draft.md", DRAFT)]);
        Workspace { root }
    }

    fn uri(&self, path: &str) -> String {
        uri(&self.root.join(path))
    }
}
