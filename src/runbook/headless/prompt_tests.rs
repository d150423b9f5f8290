use std::collections::BTreeMap;

use super::*;

fn checkout() -> Targets {
    Targets::Tags(BTreeMap::from([(
        "Service".to_string(),
        vec!["checkout".to_string()],
    )]))
}

fn prompter(input: &str, yes: bool) -> Prompter<&[u8], Vec<u8>> {
    Prompter::new(input.as_bytes(), Vec::new(), yes)
}

fn text(p: &Prompter<&[u8], Vec<u8>>) -> String {
    String::from_utf8_lossy(&p.out).into_owned()
}

#[test]
fn a_plain_confirmation_sends_only_on_y() {
    for (input, sends) in [
        ("y\n", true),
        ("YES\n", true),
        ("\n", false),
        ("n\n", false),
        ("", false),
    ] {
        let mut p = prompter(input, false);
        let sent = p
            .confirm(Confirm::Yes, "123456789012", None, &checkout())
            .unwrap()
            == Confirmation::Send;
        assert_eq!(sent, sends, "{input:?}");
        assert!(text(&p).contains("Send it? [y/N]"));
    }
}

#[test]
fn yes_answers_plain_confirmations_and_never_typed_ones() {
    let mut p = prompter("", true);
    assert_eq!(
        p.confirm(Confirm::Yes, "123456789012", None, &checkout())
            .unwrap(),
        Confirmation::Send
    );
    let mut p = prompter("y\n", true);
    assert_eq!(
        p.confirm(Confirm::Typed, "123456789012", None, &checkout())
            .unwrap(),
        Confirmation::Declined { answer: "y".into() }
    );
    assert!(
        text(&p).contains("--yes does not answer it"),
        "{}",
        text(&p)
    );
}

#[test]
fn a_typed_confirmation_takes_the_account_id_or_the_target_name() {
    for (input, sends) in [
        ("123456789012\n", true),
        ("checkout\n", true),
        ("Service=checkout\n", true),
        ("  checkout  \n", true),
        ("y\n", false),
        ("12345678901\n", false),
        ("Checkout\n", false),
        ("\n", false),
    ] {
        let mut p = prompter(input, false);
        let sent = p
            .confirm(Confirm::Typed, "123456789012", None, &checkout())
            .unwrap()
            == Confirmation::Send;
        assert_eq!(sent, sends, "{input:?}");
    }
    let out = {
        let mut p = prompter("\n", false);
        p.confirm(Confirm::Typed, "123456789012", None, &checkout())
            .unwrap();
        text(&p)
    };
    assert!(
        out.contains("(123456789012)") && out.contains("(checkout)"),
        "{out}"
    );
}

#[test]
fn a_production_account_wants_its_name_whatever_the_block_and_yes_say() {
    let prod = FocusedAccount {
        id: "123456789012".into(),
        name: Some("prod-payments".into()),
        color: None,
        production: true,
    };
    for (confirm, input, sends) in [
        (Confirm::Yes, "prod-payments\n", true),
        (Confirm::Typed, "  prod-payments \n", true),
        (Confirm::Yes, "y\n", false),
        (Confirm::Typed, "123456789012\n", false),
        (Confirm::Typed, "checkout\n", false),
        (Confirm::Yes, "", false),
    ] {
        let mut p = prompter(input, true);
        let sent = p
            .confirm(confirm, "123456789012", Some(&prod), &checkout())
            .unwrap()
            == Confirmation::Send;
        assert_eq!(sent, sends, "{confirm:?} {input:?}");
        let out = text(&p);
        assert!(
            out.contains(
                "prod-payments (123456789012) is a production account: type its name (prod-payments) to send it (--yes does not answer it)"
            ),
            "{out}"
        );
        if !sends {
            assert!(
                out.contains(
                    "is not the production account's name (prod-payments): not its id, not y."
                ),
                "{out}"
            );
        }
    }
}

#[test]
fn several_tags_are_confirmed_by_the_targets_as_written() {
    let targets = Targets::Tags(BTreeMap::from([
        ("Env".to_string(), vec!["prod".to_string()]),
        ("Service".to_string(), vec!["checkout".to_string()]),
    ]));
    assert!(!typed_matches("checkout", "1", &targets));
    assert!(typed_matches(
        "Env=prod and Service=checkout",
        "1",
        &targets
    ));
    let one = Targets::InstanceIds(vec!["i-0123456789abcdef0".into()]);
    assert!(typed_matches("i-0123456789abcdef0", "1", &one));
}

#[test]
fn after_a_failure_the_default_is_abort_and_nonsense_is_asked_again() {
    let mut p = prompter("x\nr\n", false);
    assert_eq!(p.after_failure(true).unwrap(), AfterFailure::Retry);
    assert!(text(&p).contains("`x` is not one of the choices."));
    assert_eq!(
        prompter("\n", false).after_failure(true).unwrap(),
        AfterFailure::Abort
    );
    assert_eq!(
        prompter("", false).after_failure(true).unwrap(),
        AfterFailure::Abort
    );
    assert_eq!(
        prompter("s\n", false).after_failure(true).unwrap(),
        AfterFailure::Skip
    );
    // without retry, r is not a choice
    let mut p = prompter("r\ns\n", false);
    assert_eq!(p.after_failure(false).unwrap(), AfterFailure::Skip);
}

#[test]
fn what_was_typed_before_each_question_is_discarded_first() {
    use std::sync::{Arc, Mutex};
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = asked.clone();
    let mut p = prompter("x\n", false).discarding_typed_ahead(Box::new(move || {
        seen.lock().unwrap().push(());
        Ok(())
    }));
    assert_eq!(p.after_failure(true).unwrap(), AfterFailure::Abort);
    assert_eq!(asked.lock().unwrap().len(), 2, "once for each question");
}

#[test]
fn a_manual_step_is_done_only_on_y() {
    assert!(prompter("y\n", false).done().unwrap());
    assert!(!prompter("\n", false).done().unwrap());
    assert!(!prompter("", false).done().unwrap());
}
