//! No input panics the runbook parser, lint, parameter checks or substitution.

use std::path::Path;

use proptest::prelude::*;

use warroom::runbook::params::{placeholders, posix_quote};
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
            Err(errors) => prop_assert!(value.chars().any(char::is_control), "{errors:?}"),
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
