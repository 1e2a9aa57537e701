//! Fixtures for every rule and its near misses. A fixture is a draft and
//! sources written for this project:
//!
//! ```text
//! //- /draft.md
//! The draft.
//! //- /sources/report.txt
//! A source.
//! ```
//!
//! The rendering lists each claim's verdict, then each diagnostic.
//! Re-bless with `UPDATE_EXPECT=1 cargo test -p claimcheck-lint`.

use std::path::PathBuf;

use claimcheck_core::{DocumentKind, ExtractOptions, extract};
use claimcheck_corpus::{Corpus, LoadOptions};
use claimcheck_lint::{Config, Draft, Linter, Rule};
use expect_test::{Expect, expect};

fn files(fixture: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.trim_start().lines() {
        match line.strip_prefix("//- /") {
            Some(path) => files.push((path.trim().to_owned(), String::new())),
            None => {
                let last = files.last_mut().expect("a fixture starts with //- /path");
                last.1.push_str(line);
                last.1.push('\n');
            }
        }
    }
    files
}

/// Runs a fixture with `missing-citation` off: most fixtures cite nothing,
/// and that rule has its own.
fn run(fixture: &str, expect: Expect) {
    let mut config = Config::default();
    config.severities.insert(Rule::MissingCitation, None);
    run_with(fixture, &config, expect);
}

fn run_with(fixture: &str, config: &Config, expect: Expect) {
    let files = files(fixture);
    let (_, draft) = files.iter().find(|(p, _)| p == "draft.md").expect("a draft.md");
    let sources = files.iter().filter(|(p, _)| p.starts_with("sources/")).map(|(p, t)| (PathBuf::from(p), t.clone())).collect();
    let corpus = Corpus::from_documents(sources, &LoadOptions::default()).expect("index");
    let extraction = extract(draft, DocumentKind::Markdown, &ExtractOptions::default());
    let report = Linter::new(&corpus).check(&Draft { text: draft, kind: DocumentKind::Markdown, extraction: &extraction, dir: None }, config);
    let mut out = String::new();
    for claim in &report.claims {
        out += &format!("{:?}: {}\n", claim.verdict, claim.text);
    }
    for d in &report.diagnostics {
        out += &format!("{} {:?} at {:?}: {}\n", d.rule.code(), d.severity, d.span.slice(draft), d.message);
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                out += &format!("  fix {:?} -> {:?}\n", edit.span.slice(draft), edit.replacement);
            }
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn contradicted_number_and_its_near_misses() {
    run(
        r#"
//- /draft.md
The breach exposed as many as 5 million accounts at Acme.
A bug exposed the photos of about 6.8 million Acme users.
Acme paid fifty million dollars to Bolt Ltd in fines.
More than 150 Acme engineers signed the letter.
Acme hired 40 lawyers for the case.
//- /sources/ledger.txt
The Ledger Reports

A breach at Acme exposed as many as 50 million accounts.

A software bug exposed the photos of 6.8 million Acme users.

Acme paid $50 million to Bolt Ltd in fines.

In all, 200 Acme engineers signed the letter.

Acme paid 70 suppliers late that year.
"#,
        expect![[r#"
            Contradicted: The breach exposed as many as 5 million accounts at Acme.
            Supported: A bug exposed the photos of about 6.8 million Acme users.
            Supported: Acme paid fifty million dollars to Bolt Ltd in fines.
            Supported: More than 150 Acme engineers signed the letter.
            Unsupported: Acme hired 40 lawyers for the case.
            contradicted-number Error at "as many as 5 million accounts": sources/ledger.txt:3 says "as many as 50 million accounts", not "as many as 5 million accounts"
              fix "5 million" -> "50 million"
            unsupported-claim Warning at "Acme hired 40 lawyers for the case.": No source supports this claim
        "#]],
    );
}

#[test]
fn contradicted_date_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Acme cut off access to partner data in 2017.
Acme closed its London office in April 2018.
The files cover the years 2012 to 2015.
//- /sources/ledger.txt
Acme cut off access to partner data in 2015.

Acme closed its London office on April 11, 2018.

The files covering the period from 2011 to 2015 were leaked.
"#,
        expect![[r#"
            Contradicted: Acme cut off access to partner data in 2017.
            Supported: Acme closed its London office in April 2018.
            Contradicted: The files cover the years 2012 to 2015.
            contradicted-date Error at "in 2017": sources/ledger.txt:1 says "in 2015", not "in 2017"
              fix "in 2017" -> "in 2015"
            contradicted-date Error at "2012 to 2015": sources/ledger.txt:5 says "from 2011 to 2015", not "2012 to 2015"
              fix "2012 to 2015" -> "2011 to 2015"
        "#]],
    );
}

#[test]
fn contradicted_claim_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Acme did notify the Federal Trade Commission about the deals.
Spotify, Netflix and Yahoo could delete private messages.
Acme shared private messages with Bolt Ltd.

Jane Okafor said: "We know we must regain people's trust."

Acme said that partners could not ignore people's privacy settings.
//- /sources/ledger.txt
Acme felt it did not need to notify the Federal Trade Commission about the deals.

Jane Okafor said: “Partners don't get to ignore people's privacy settings. We know we must regain people's trust.”

Acme said that partners don't get to ignore people's privacy settings.

Spotify, Netflix and the Royal Bank of Canada could delete private messages.

Acme shares private messages with Bolt Ltd, the records show.
"#,
        expect![[r#"
            Contradicted: Acme did notify the Federal Trade Commission about the deals.
            Contradicted: Spotify, Netflix and Yahoo could delete private messages.
            Supported: Acme shared private messages with Bolt Ltd.
            Supported: Jane Okafor said: "We know we must regain people's trust."
            Supported: Acme said that partners could not ignore people's privacy settings.
            contradicted-claim Error at "Acme did notify the Federal Trade Commission about the deals.": sources/ledger.txt:1 says the opposite: "Acme felt it did not need to notify the Federal Trade Commission about the deals."
            contradicted-claim Error at "Spotify, Netflix and Yahoo could delete private messages.": sources/ledger.txt:7 names Royal Bank of Canada, not Yahoo
        "#]],
    );
}

#[test]
fn a_denial_beside_the_sentence_that_says_a_claim_is_of_something_else() {
    run(
        r#"
//- /draft.md
Acme shares its audit data with Bolt Ltd, the filing says.

Acme told the Federal Trade Commission about the merger.
//- /sources/ledger.txt
Acme shares its audit data with Bolt Ltd, the filing says. It did not tell Bolt Ltd about the audit until 2019.

Acme signed the merger in 2015, and it did not tell the Federal Trade Commission about it.
"#,
        expect![[r#"
            Supported: Acme shares its audit data with Bolt Ltd, the filing says.
            Contradicted: Acme told the Federal Trade Commission about the merger.
            contradicted-claim Error at "Acme told the Federal Trade Commission about the merger.": sources/ledger.txt:3 says the opposite: "Acme signed the merger in 2015, and it did not tell the Federal Trade Commission about it."
        "#]],
    );
}

#[test]
fn unsupported_claims_and_opinions() {
    run(
        r#"
//- /draft.md
Acme's chief met Bolt's chief 12 times in 2014.
This should worry every reader.
//- /sources/ledger.txt
Acme and Bolt Ltd signed a supply deal in 2014.
"#,
        expect![[r#"
            Unsupported: Acme's chief met Bolt's chief 12 times in 2014.
            unsupported-claim Warning at "Acme's chief met Bolt's chief 12 times in 2014.": No source supports this claim (closest passage: sources/ledger.txt:1)
        "#]],
    );
}

#[test]
fn misquote_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Okafor called the plan "a way of shielding user privacy."
Okafor said the deal was "more than complicated, it's sort of unethical."
Okafor said it was "sort of unethical."
Okafor called it "cherry-picked".
//- /sources/ledger.txt
Jane Okafor called the plan “a way of protecting user privacy.”

Jane Okafor said: “It is more than complicated, it’s sort of unethical.”
"#,
        expect![[r#"
            Misquote: Okafor called the plan "a way of shielding user privacy."
            Supported: Okafor said the deal was "more than complicated, it's sort of unethical."
            Supported: Okafor said it was "sort of unethical."
            Supported: Okafor called it "cherry-picked".
            misquote Error at "\"a way of shielding user privacy.\"": No source has these words; sources/ledger.txt:1 says "a way of protecting user privacy" (the quote has "shielding"; the source has "protecting")
              fix "a way of shielding user privacy" -> "a way of protecting user privacy"
        "#]],
    );
}

#[test]
fn misattribution_and_its_near_misses() {
    run(
        r#"
//- /draft.md
According to NBC News, Acme sold 40 servers to Bolt Ltd in 2019.
According to the Times, Acme sold 40 servers to Bolt Ltd in 2019.
Jane Okafor said Acme sold 40 servers to Bolt Ltd in 2019.
//- /sources/times-summary.txt
A Summary of The Times' Reporting

Acme sold 40 servers to Bolt Ltd in 2019, the Times reported.
Jane Okafor, who ran the sale, confirmed the figure.

Bolt Ltd paid 12 suppliers late.
"#,
        expect![[r#"
            Misattribution: According to NBC News, Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: According to the Times, Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Jane Okafor said Acme sold 40 servers to Bolt Ltd in 2019.
            misattribution Error at "According to NBC News": Credited to NBC News, but only sources/times-summary.txt:3 (reporting of The New York Times) says this, and it does not speak for NBC News
        "#]],
    );
}

#[test]
fn misattribution_through_a_citation_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Acme sold 40 servers to Bolt Ltd in 2019.[^blog]
Bolt Ltd paid for the servers in three instalments.[^blog]
Acme shipped the servers from its plant in Leeds.[^ledger]
Acme sold 40 servers to Bolt Ltd in 2019 [says the ledger](sources/ledger.txt).

Jane Okafor's team used customer data as leverage in deals with partners.[^blog]

[^blog]: sources/blog.md
[^ledger]: sources/ledger.txt
//- /sources/ledger.txt
Acme sold 40 servers to Bolt Ltd in 2019.

The servers left Acme's plant in Leeds by lorry.

Jane Okafor's team used customer data as leverage in deals with partners.
//- /sources/blog.md
Bolt Ltd paid for the servers in three instalments, its owner wrote.

The company made deals with partners and used customer data as leverage.
"#,
        expect![[r#"
            Misattribution: Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Bolt Ltd paid for the servers in three instalments.
            Supported: Acme shipped the servers from its plant in Leeds.
            Supported: Acme sold 40 servers to Bolt Ltd in 2019 says the ledger.
            Supported: Jane Okafor's team used customer data as leverage in deals with partners.
            misattribution Error at "[^blog]": Cites sources/blog.md, which does not say this; sources/ledger.txt:1 does
              fix "[^blog]" -> "[^ledger]"
        "#]],
    );
}

#[test]
fn broken_citation_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Acme sold 40 servers to Bolt Ltd in 2019.[^gone]
Acme sold 40 servers to Bolt Ltd in 2019.[^undefined]
Acme sold 40 servers [to Bolt Ltd](sources/missing.txt) in 2019.
Acme sold 40 servers to Bolt Ltd in 2019 [@ledger].
Acme sold 40 servers to Bolt Ltd in 2019.[^interview]
Acme sold 40 servers to [Bolt Ltd](https://example.com/bolt.txt) in 2019.

[^gone]: sources/deleted.txt
[^interview]: Interview with Acme's chief, May 2020.
//- /sources/ledger.txt
Acme sold 40 servers to Bolt Ltd in 2019.
"#,
        expect![[r#"
            Supported: Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Acme sold 40 servers to Bolt Ltd in 2019 .
            Supported: Acme sold 40 servers to Bolt Ltd in 2019.
            Supported: Acme sold 40 servers to Bolt Ltd in 2019.
            broken-citation Error at "[^gone]": [^gone] cites "sources/deleted.txt", which is not among the sources
            broken-citation Error at "[^undefined]": [^undefined] has no footnote definition
            broken-citation Error at "[to Bolt Ltd](sources/missing.txt)": The link cites "sources/missing.txt", which is not among the sources
        "#]],
    );
}

#[test]
fn contested_fact_and_its_near_misses() {
    run(
        r#"
//- /draft.md
The leaked Acme files run to 9,000 pages.
Acme opened its Leeds plant in 2016.
Acme employs 300 engineers in Leeds.
//- /sources/ledger.txt
The 9,000 pages of leaked Acme documents include emails and contracts.

Acme opened its Leeds plant in 2016, the ledger shows.

Acme employs 300 engineers in Leeds.
//- /sources/wire.txt
The Wire

Acme files leaked this spring: a report cites 9,000 documents from the company.

Acme opened its Leeds plant in 2017, according to the council.

Acme has 300 engineers in Leeds and 40 in Bristol.
//- /sources/blog.md
Readers sent us 120 pages of Acme documents about the canteen.
"#,
        expect![[r#"
            Contested: The leaked Acme files run to 9,000 pages.
            Contested: Acme opened its Leeds plant in 2016.
            Supported: Acme employs 300 engineers in Leeds.
            contested-fact Warning at "The leaked Acme files run to 9,000 pages.": Sources disagree: sources/ledger.txt:1 backs this, but sources/wire.txt:3 says "9,000 documents"
            contested-fact Warning at "Acme opened its Leeds plant in 2016.": Sources disagree: sources/ledger.txt:3 backs this, but sources/wire.txt:5 says "in 2017"
        "#]],
    );
}

#[test]
fn internal_inconsistency_and_its_near_misses() {
    run(
        r#"
//- /draft.md
A bug exposed the private photos of 6.8 million Acme users.

Acme fixed the bug, which exposed the private photos of 68 million Acme users, in May.
Acme hired 40 lawyers in 2019.

Acme hired 40 lawyers in 2019, and 12 more in 2020.
Bolt Ltd put the loss at 300 jobs, according to the Ledger.
Bolt Ltd put the loss at 900 jobs, according to the Wire.
//- /sources/ledger.txt
A bug exposed the private photos of 6.8 million Acme users.
"#,
        expect![[r#"
            Supported: A bug exposed the private photos of 6.8 million Acme users.
            Contradicted: Acme fixed the bug, which exposed the private photos of 68 million Acme users, in May.
            Unsupported: Acme hired 40 lawyers in 2019.
            Unsupported: Acme hired 40 lawyers in 2019, and 12 more in 2020.
            Unsupported: Bolt Ltd put the loss at 300 jobs, according to the Ledger.
            Unsupported: Bolt Ltd put the loss at 900 jobs, according to the Wire.
            internal-inconsistency Warning at "6.8 million Acme users": The draft says "68 million Acme users" for this on line 3, and "6.8 million Acme users" here
            contradicted-number Error at "68 million Acme users": sources/ledger.txt:1 says "6.8 million Acme users", not "68 million Acme users"
              fix "68 million" -> "6.8 million"
            internal-inconsistency Warning at "68 million Acme users": The draft says "6.8 million Acme users" for this on line 1, and "68 million Acme users" here
            unsupported-claim Warning at "Acme hired 40 lawyers in 2019.": No source supports this claim (closest passage: sources/ledger.txt:1)
            unsupported-claim Warning at "Acme hired 40 lawyers in 2019, and 12 more in 2020.": No source supports this claim (closest passage: sources/ledger.txt:1)
            unsupported-claim Warning at "Bolt Ltd put the loss at 300 jobs, according to the Ledger.": No source supports this claim
            unsupported-claim Warning at "Bolt Ltd put the loss at 900 jobs, according to the Wire.": No source supports this claim
        "#]],
    );
}

#[test]
fn missing_citation_and_its_near_misses() {
    run_with(
        r#"
//- /draft.md
A bug exposed the private photos of 6.8 million Acme users.

Acme hired 40 lawyers in 2019.[^ledger] It paid them in 2020.

Acme paid 70 suppliers late, according to the Ledger.

Acme sold 12 servers in 2021.

[^ledger]: sources/ledger.txt
//- /sources/ledger.txt
The Ledger

A bug exposed the private photos of 6.8 million Acme users.

Acme hired 40 lawyers in 2019. It paid them in 2020.

Acme paid 70 suppliers late.
"#,
        &Config::default(),
        expect![[r#"
            Supported: A bug exposed the private photos of 6.8 million Acme users.
            Supported: Acme hired 40 lawyers in 2019.
            Supported: It paid them in 2020.
            Supported: Acme paid 70 suppliers late, according to the Ledger.
            Unsupported: Acme sold 12 servers in 2021.
            missing-citation Hint at "A bug exposed the private photos of 6.8 million Acme users.": Nothing in this paragraph says where this comes from; sources/ledger.txt:3 supports it
              fix "" -> "[^ledger]"
            unsupported-claim Warning at "Acme sold 12 servers in 2021.": No source supports this claim (closest passage: sources/ledger.txt:5)
        "#]],
    );
}

#[test]
fn misattribution_of_a_quotation_and_its_near_misses() {
    run(
        r#"
//- /draft.md
Tom Reyes said: "Partners do not get to ignore privacy settings."

Jane Okafor said: "Partners do not get to ignore privacy settings."

"Partners do not get to ignore privacy settings," Okafor said.
//- /sources/ledger.txt
Jane Okafor, the director of privacy, defended the deals.

“Partners do not get to ignore privacy settings,” said Jane Okafor.

Tom Reyes, the chief executive, said the company would grow.
"#,
        expect![[r#"
            Misattribution: Tom Reyes said: "Partners do not get to ignore privacy settings."
            Supported: Jane Okafor said: "Partners do not get to ignore privacy settings."
            Supported: "Partners do not get to ignore privacy settings," Okafor said.
            misattribution Error at "Tom Reyes said": Credited to Tom Reyes, but sources/ledger.txt:3 has these words from Jane Okafor
        "#]],
    );
}

#[test]
fn a_quotation_found_word_for_word_carries_its_claim() {
    run(
        r#"
//- /draft.md
One engineer at Acme asked in a chat whether the rule was "compete with us and we cut you off."

An engineer at Acme asked in a chat whether the rule was "compete with us and we buy you."
//- /sources/ledger.txt
Acme's engineers argued about rivals. “Compete with us and we cut you off,” one wrote.
"#,
        expect![[r#"
            Supported: One engineer at Acme asked in a chat whether the rule was "compete with us and we cut you off."
            Misquote: An engineer at Acme asked in a chat whether the rule was "compete with us and we buy you."
            unsupported-claim Warning at "An engineer at Acme asked in a chat whether the rule was \"compete with us and we buy you.\"": No source supports this claim (closest passage: sources/ledger.txt:1)
            misquote Error at "\"compete with us and we buy you.\"": No source has these words; sources/ledger.txt:1 says "Compete with us and we cut you" (the quote has "buy"; the source has "cut")
              fix "compete with us and we buy you" -> "compete with us and we cut you"
        "#]],
    );
}
