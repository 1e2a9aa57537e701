//! claimcheck opens no network connection: in a network namespace with no
//! interface up, it does exactly what it does outside one.
//!
//! Needs `unshare` (util-linux) and the right to create a namespace (root,
//! as in CI); without either the test fails and says so.

use std::process::Command;

use crate::support::root;

const CHECK: [&str; 6] = ["check", "examples/facebook-leaks/draft.md", "--sources", "examples/facebook-leaks/sources", "--format", "json"];

#[test]
fn check_works_the_same_without_a_network() {
    let binary = env!("CARGO_BIN_EXE_claimcheck");
    let isolated = Command::new("unshare")
        .args(["--net", "--", binary])
        .args(CHECK)
        .current_dir(root())
        .output()
        .expect("unshare (util-linux) runs");
    let stderr = String::from_utf8_lossy(&isolated.stderr);
    assert!(!stderr.contains("unshare failed"), "cannot create a network namespace here (needs root): {stderr}");
    let connected = Command::new(binary).args(CHECK).current_dir(root()).output().expect("run claimcheck");
    assert_eq!(isolated.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&isolated.stdout), String::from_utf8_lossy(&connected.stdout));
}
