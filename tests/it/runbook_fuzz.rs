//! No input panics the runbook parser, lint, parameter checks or substitution; hidden
//! characters never pass lint or a parameter check; a raw=true pattern that lint accepts
//! lets no shell syntax through.

use std::path::Path;

use proptest::prelude::*;

use warroom::runbook::language::hidden::{describe, is_hidden};
use warroom::runbook::language::params::{placeholders, posix_quote};
use warroom::runbook::language::unquoted::METACHARACTERS;
use warroom::runbook::{ResolvedAction, ResolvedStep, lint, resolve_params, resolve_step};

const FRAGMENTS: &[&str] = &[
    "+++\n",
    "---\n",
    "\u{feff}",
    "title = \"x\"\n",
    "account = \"123456789012\"\n",
    "account = 12\n",
    "regions = [\"us-east-1\", 3]\n",
    "alarms = \"a*\"\n",
    "timeout = \"99h\"\n",
    "max_concurrency = \"150%\"\n",
    "[params.a]\n",
    "[params.\"b c\"]\n",
    "pattern = \"[a-z\"\n",
    "pattern = \"[a-z]+\"\n",
    "default = \"x\"\n",
    "default = 3\n",
    "[targets]\n",
    "tags = { Service = \"{{a}}\" }\n",
    "instance_ids = [\"i-0123456789abcdef0\"]\n",
    "instance_ids = \"x\"\n",
    "targets = 1\n",
    "# Title\n",
    "## Step\n",
    "##\n",
    "### Sub\n",
    "```sh {name=x confirm=typed}\n",
    "```sh {\"tags\":{\"A\":[\"b\",1]},\"raw\":\"maybe\"}\n",
    "```bash { targets=\"a=b,c\" stop_on_alarm=x,y }\n",
    "```powershell {\"instance_ids\":\"{{a}}\"}\n",
    "```logs-insights {\"log_groups\":[\"/a\"],\"since\":\"1h\"}\n",
    "```logs-insights { since= }\n",
    "```python {x}\n",
    "```sh {\"name\": }\n",
    "```sh { name=\"unclosed }\n",
    "```\n",
    "~~~sh {}\n",
    "~~~\n",
    "    ```sh {}\n",
    "- ```sh {}\n",
    "> ```sh {}\n",
    "{{a}}",
    "{{ a }}",
    "{{",
    "}}",
    "{{{b}}}",
    "echo é 🙂 ",
    "\r\n",
    "\n",
    "\t",
    "'",
    "\\",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => ".{0,12}",
        ],
        0..48,
    )
    .prop_map(|parts| parts.concat())
}

/// Lints, then resolves every step with a value for every parameter; none of it may panic.
fn exercise(source: &str, value: &str) {
    let (runbook, problems) = lint(Path::new("fuzz.md"), source);
    for problem in &problems {
        assert!(problem.line >= 1 && problem.column >= 1, "{problem}");
    }
    let given: Vec<(String, String)> = runbook
        .front
        .params
        .iter()
        .map(|p| (p.name.clone(), value.to_string()))
        .collect();
    if let Ok(values) = resolve_params(&runbook, &given) {
        for step in &runbook.steps {
            let _ = resolve_step(&runbook, step, &values);
        }
    }
}

/// Reads a POSIX single-quoted word back: `'…'` pieces joined, `\'` between them.
fn posix_unquote(word: &str) -> Option<String> {
    let mut value = String::new();
    let mut rest = word;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("\\'") {
            value.push('\'');
            rest = after;
        } else {
            let inner = rest.strip_prefix('\'')?;
            let end = inner.find('\'')?;
            value.push_str(&inner[..end]);
            rest = &inner[end + 1..];
        }
    }
    Some(value)
}

proptest! {
    #[test]
    fn any_text_is_linted_without_panic(source in any::<String>(), value in any::<String>()) {
        exercise(&source, &value);
    }

    #[test]
    fn markdown_like_text_is_linted_without_panic(source in markdownish(), value in ".{0,8}") {
        exercise(&source, &value);
    }

    #[test]
    fn placeholders_fall_on_character_boundaries(text in "(\\{\\{|\\}\\}|[a-z ]|é|🙂|\\{|\\}){0,40}") {
        for (range, name) in placeholders(&text) {
            let slice = &text[range];
            prop_assert!(slice.starts_with("{{") && slice.ends_with("}}") && slice.contains(&name));
        }
    }

    #[test]
    fn any_value_stays_one_quoted_word_in_a_command(value in any::<String>()) {
        let source = "+++\n[params.v]\n[targets]\ntags = { Service = \"web\" }\n+++\n## Say\n\n```sh {}\necho {{v}} done\n```\n";
        let (runbook, problems) = lint(Path::new("say.md"), source);
        prop_assert!(problems.is_empty());
        let given = vec![("v".to_string(), value.clone())];
        match resolve_params(&runbook, &given) {
            Err(errors) => prop_assert!(
                value.chars().any(|c| c.is_control() || is_hidden(c)),
                "{errors:?}"
            ),
            Ok(values) => {
                let resolved = resolve_step(&runbook, &runbook.steps[0], &values);
                let Ok(ResolvedStep { action: ResolvedAction::RunCommand(command), .. }) = resolved else {
                    panic!("the step resolves to a command");
                };
                let word = command
                    .commands
                    .strip_prefix("echo ")
                    .and_then(|rest| rest.strip_suffix(" done\n"));
                let quoted = posix_quote(&value);
                prop_assert_eq!(word, Some(quoted.as_str()));
                prop_assert_eq!(posix_unquote(&quoted), Some(value));
            }
        }
    }
}

/// A character lint must refuse in a block: C0 controls (tab and line feed aside), DEL, C1,
/// the bidi controls.
fn hidden_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec!['\r', '\0', '\u{1b}', '\u{7f}', '\u{202e}', '\u{2066}']),
        prop::char::range('\u{0}', '\u{8}'),
        prop::char::range('\u{b}', '\u{1f}'),
        prop::char::range('\u{80}', '\u{9f}'),
        prop::char::range('\u{202a}', '\u{202e}'),
        prop::char::range('\u{2066}', '\u{2069}'),
    ]
}

const HEAD: &str = "+++\n[targets]\ntags = { Service = \"web\" }\n+++\n## Run\n\n```sh {}\n";

/// A pattern built of safe and unsafe pieces, each maybe repeated.
fn pattern() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "[a-z]",
        "[a-z0-9-]",
        "[0-9]",
        r"\.",
        "[A-Z_]",
        "x",
        "/",
        "[;a]",
        "[ a]",
        "[a$]",
        ".",
        r"\S",
        "[^a-z]",
        "(a|;)",
        r"\w",
        "(?i)k",
        "[<>]",
        r"\d",
        "(b|c)",
    ]);
    let times = prop::sample::select(vec!["", "+", "*", "?", "{1,3}"]);
    prop::collection::vec((piece, times), 1..4)
        .prop_map(|parts| parts.into_iter().map(|(p, t)| format!("{p}{t}")).collect())
}

fn raw_runbook(pattern: &str) -> String {
    format!(
        "+++\n[params.v]\npattern = '{pattern}'\n[targets]\ntags = {{ Service = \"web\" }}\n+++\n## Run\n\n```sh {{\"raw\":true}}\nsystemctl restart {{{{v}}}}\n```\n"
    )
}

fn lets_in_shell(source: &str) -> bool {
    lint(Path::new("raw.md"), source)
        .1
        .iter()
        .any(|p| p.message.contains("raw=true inserts `{{v}}` unquoted"))
}

#[test]
fn raw_true_with_dot_star_fails_lint_and_with_a_safe_class_passes() {
    assert!(lets_in_shell(&raw_runbook(".*")));
    let (_, problems) = lint(Path::new("raw.md"), &raw_runbook("^[a-z0-9-]+$"));
    assert!(problems.is_empty(), "{problems:?}");
}

proptest! {
    #[test]
    fn a_hidden_character_in_a_block_fails_lint_where_it_is(
        crlf in any::<bool>(),
        before in "[a-z ;|$]{0,20}",
        c in hidden_char(),
        after in "[a-z ;|$]{0,20}",
    ) {
        let after = if crlf && c == '\r' { String::new() } else { after };
        let source = format!("{HEAD}echo {before}{c}{after}\n```\n");
        let (_, problems) = lint(Path::new("hidden.md"), &source);
        let named = describe(c);
        let found = problems.iter().find(|p| p.message.contains(&named));
        prop_assert!(found.is_some(), "{named} not refused: {problems:?}");
        let found = found.unwrap();
        prop_assert_eq!((found.line, found.column), (8, 6 + before.chars().count()));
        prop_assert!(!found.to_string().contains(c), "the message quotes it defused");
    }

    #[test]
    fn a_parameter_value_with_a_hidden_character_is_refused(
        before in "[a-z]{0,8}",
        c in hidden_char(),
    ) {
        let source = "+++\n[params.v]\n[targets]\ntags = { Service = \"web\" }\n+++\n## Say\n\n```sh {}\necho {{v}}\n```\n";
        let (runbook, problems) = lint(Path::new("say.md"), source);
        prop_assert!(problems.is_empty());
        let given = vec![("v".to_string(), format!("{before}{c}"))];
        let errors = resolve_params(&runbook, &given).expect_err("a hidden character is refused");
        let error = errors[0].to_string();
        prop_assert!(error.contains(&describe(c)), "{error}");
        prop_assert!(!error.contains(c), "{error}");
    }

    /// Values drawn from a pattern that lint accepts under raw=true never hold shell syntax.
    #[test]
    fn a_raw_pattern_lint_accepts_matches_no_shell_syntax(
        (pattern, values) in pattern().prop_flat_map(|p| {
            let values = prop::collection::vec(
                proptest::string::string_regex(&p).expect("a pattern proptest can draw from"),
                16,
            );
            (Just(p), values)
        })
    ) {
        if !lets_in_shell(&raw_runbook(&pattern)) {
            for value in &values {
                prop_assert!(
                    !value.chars().any(|c| METACHARACTERS.contains(&c)),
                    "{pattern} accepted, yet it matches {value:?}"
                );
            }
        }
    }
}
