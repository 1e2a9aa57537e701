//! Sources the file system will not hand over: a file the user may not
//! read and a named pipe posing as `pipe.txt`. `check` and `index` name
//! each with the reason, read the rest and finish.
//!
//! Tests run as root here, and root reads any file whatever its mode; as
//! root, the binary runs as `nobody` (`setpriv`, util-linux), the owner of
//! the project, so that a file of mode 000 is unreadable to it.

use std::path::Path;
use std::process::Command;

use crate::support::{Output, scratch};

const NOBODY: u32 = 65534;

/// Whether this process runs as root (the effective UID on `/proc/self/status`'s `Uid:` line).
fn is_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let uids = status.lines().find_map(|line| line.strip_prefix("Uid:")).expect("a Uid line");
    uids.split_whitespace().nth(1) == Some("0")
}

/// Runs the binary in `folder` as a user without root's right to read every
/// file, under a 60 s `timeout` (exit 124) so that a hang fails the test.
fn claimcheck_unprivileged(folder: &Path, args: &[&str]) -> Output {
    let mut command = Command::new("timeout");
    command.arg("60");
    if is_root() {
        command.args(["setpriv", &format!("--reuid={NOBODY}"), &format!("--regid={NOBODY}"), "--clear-groups"]);
    }
    let output = command.arg(env!("CARGO_BIN_EXE_claimcheck")).args(args).current_dir(folder).output().expect("run claimcheck under timeout");
    Output {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

/// Gives `path` and everything under it to `nobody` when running as root.
fn give_to_the_unprivileged_user(path: &Path) {
    if !is_root() {
        return;
    }
    std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).expect("chown");
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read the folder") {
            give_to_the_unprivileged_user(&entry.expect("a folder entry").path());
        }
    }
}

#[test]
fn an_unreadable_file_and_a_named_pipe_are_reported_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;

    let dir = scratch("faults-unreadable");
    let sources = dir.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(dir.join("claimcheck.toml"), "sources = [\"sources\"]\n").unwrap();
    std::fs::write(dir.join("draft.md"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    std::fs::write(sources.join("good.txt"), "Acme paid 40 suppliers in 2015.\n").unwrap();
    // Were it read, the check would cite it as a source that disagrees.
    std::fs::write(sources.join("secret.txt"), "Acme paid 90 suppliers in 2015.\n").unwrap();
    let made = Command::new("mkfifo").arg(sources.join("pipe.txt")).status().expect("mkfifo runs");
    assert!(made.success());
    give_to_the_unprivileged_user(&dir);
    std::fs::set_permissions(sources.join("secret.txt"), std::fs::Permissions::from_mode(0o000)).unwrap();

    let unreadable = "sources/secret.txt: cannot be read: Permission denied";
    let pipe = "sources/pipe.txt: skipped: not a regular file (a named pipe, socket or device)";
    let check = claimcheck_unprivileged(&dir, &["check", "draft.md"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stdout.contains("secret.txt"), "secret.txt was read: {}", check.stdout);
    assert!(check.stderr.contains(unreadable) && check.stderr.contains(pipe), "{}", check.stderr);

    let index = claimcheck_unprivileged(&dir, &["index"]);
    assert_eq!(index.code, Some(0), "{}", index.stderr);
    assert!(index.stderr.contains(unreadable) && index.stderr.contains(pipe), "{}", index.stderr);
    assert!(index.stderr.contains("indexed 1 sources"), "{}", index.stderr);
}
