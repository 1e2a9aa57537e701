//! `claimcheck explain`: a rule's documentation, from the rule itself.

use std::io::Write as _;
use std::process::ExitCode;

use claimcheck_lint::Rule;

pub(crate) fn run(code: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    let Some(code) = code else {
        for rule in Rule::ALL {
            let metadata = rule.metadata();
            writeln!(stdout, "{:<24} {:<8} {}", metadata.code, metadata.default_severity.as_str(), metadata.summary)?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let Some(rule) = Rule::from_code(code) else {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        anyhow::bail!("no rule is called {code:?}; the rules are: {}", codes.join(", "));
    };
    let metadata = rule.metadata();
    writeln!(stdout, "# {}\n\nDefault severity: {}.\n\n{}", metadata.code, metadata.default_severity.as_str(), metadata.documentation())?;
    Ok(ExitCode::SUCCESS)
}
