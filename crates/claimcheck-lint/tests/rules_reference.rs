//! `docs/rules.md` is generated from the rules' own documentation; this test
//! keeps it in sync. Re-bless with `UPDATE_EXPECT=1 cargo test -p claimcheck-lint`.

use claimcheck_lint::Rule;

fn reference() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rules' doc comments by crates/claimcheck-lint/tests/rules_reference.rs; do not edit. -->\n\n",
    );
    out.push_str("| code | default severity | flags |\n|---|---|---|\n");
    for rule in Rule::ALL {
        let m = rule.metadata();
        out.push_str(&format!("| [`{0}`](#{0}) | {1} | {2} |\n", m.code, m.default_severity.as_str(), m.summary));
    }
    for rule in Rule::ALL {
        let m = rule.metadata();
        let body = m.documentation().replace("\n## ", "\n### ");
        let body = body.strip_prefix("## ").map_or(body.clone(), |rest| format!("### {rest}"));
        out.push_str(&format!("\n## {}\n\nDefault severity: {}.\n\n{}\n", m.code, m.default_severity.as_str(), body.trim_end()));
    }
    out
}

#[test]
fn rules_reference_is_up_to_date() {
    expect_test::expect_file!["../../../docs/rules.md"].assert_eq(&reference());
}
