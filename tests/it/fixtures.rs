//! Valid and invalid config and theme files, each invalid one with the exact error it
//! must give (in the `.err` file beside it).

use std::path::{Path, PathBuf};

use warroom::config::Config;
use warroom::theme::Theme;

fn files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {dir}");
    files
}

fn expected_error(file: &Path) -> String {
    let err = file.with_extension("err");
    std::fs::read_to_string(&err)
        .unwrap_or_else(|e| panic!("{} needs {}: {e}", file.display(), err.display()))
        .trim_end()
        .to_string()
}

#[test]
fn every_valid_config_loads() {
    for file in files("tests/fixtures/config/valid") {
        let loaded = Config::load(Some(&file));
        assert_eq!(loaded.error, None, "{}", file.display());
    }
}

#[test]
fn a_full_config_sets_every_key() {
    let loaded = Config::load(Some(Path::new("tests/fixtures/config/valid/full.toml")));
    let c = loaded.config;
    assert_eq!(c.theme, "high-contrast");
    assert!(c.read_only);
    assert_eq!(c.refresh.alarms, std::time::Duration::from_secs(60));
    assert_eq!(c.aws.max_attempts, 8);
    assert_eq!(c.aws.call_timeout, std::time::Duration::from_secs(120));
    assert_eq!(c.runbook_folders.len(), 2);
    use warroom::command::Command;
    assert_eq!(
        c.keymap.keys_for(Command::Quit),
        vec!["<ctrl-c>", "x"],
        "q unbound, x bound"
    );
    assert!(
        c.keymap
            .keys_for(Command::Refresh)
            .contains(&"<ctrl-r>".to_string())
    );
    assert!(
        c.keymap
            .keys_for(Command::Refresh)
            .contains(&"r".to_string()),
        "defaults stay under overrides"
    );
}

#[test]
fn every_invalid_config_gives_its_exact_error_and_falls_back_to_defaults() {
    for file in files("tests/fixtures/config/invalid") {
        let loaded = Config::load(Some(&file));
        let error = loaded
            .error
            .unwrap_or_else(|| panic!("{} loaded without error", file.display()));
        assert_eq!(error.to_string(), expected_error(&file));
        assert_eq!(loaded.config.refresh, Config::defaults().refresh);
    }
}

#[test]
fn every_valid_theme_loads() {
    for file in files("tests/fixtures/themes/valid") {
        let spec = file.to_string_lossy().into_owned();
        Theme::resolve(&spec, None).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn every_invalid_theme_gives_its_exact_error() {
    for file in files("tests/fixtures/themes/invalid") {
        let spec = file.to_string_lossy().into_owned();
        let error = Theme::resolve(&spec, None).expect_err(&spec);
        assert_eq!(error.to_string(), expected_error(&file));
    }
}

#[test]
fn an_unknown_theme_name_lists_the_built_in_ones() {
    let error = Theme::resolve("solarized", None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "solarized:1:1: theme: no theme named `solarized` (built in: dark, light, high-contrast)"
    );
}

#[test]
fn a_teams_risk_rules_add_to_replace_and_turn_off_the_built_in_ones() {
    use warroom::changes::risk::Facts;
    let loaded = Config::load(Some(Path::new(
        "tests/fixtures/config/valid/risk_rules.toml",
    )));
    assert_eq!(loaded.error, None);
    let rules = loaded.config.changes.risk;
    let reason = |name: &str, source: &str, error: Option<&str>, record: serde_json::Value| {
        warroom::changes::risk::assess(
            &rules,
            &Facts {
                name,
                source,
                identity_type: Some("IAMUser"),
                error_code: error,
                record: Some(&record),
            },
        )
    };
    let flags = serde_json::json!({"requestParameters": {"name": "/checkout/prod/feature-flags"}});
    assert_eq!(
        reason("PutParameter", "ssm.amazonaws.com", None, flags).as_deref(),
        Some("feature flags changed"),
        "added"
    );
    let other = serde_json::json!({"requestParameters": {"name": "/checkout/prod/release"}});
    assert_eq!(
        reason("PutParameter", "ssm.amazonaws.com", None, other),
        None,
        "the field must match"
    );
    assert_eq!(
        reason(
            "SetDesiredCapacity",
            "autoscaling.amazonaws.com",
            None,
            serde_json::Value::Null
        ),
        None,
        "turned off"
    );
    assert_eq!(
        reason(
            "PutBucketPolicy",
            "s3.amazonaws.com",
            Some("AccessDenied"),
            serde_json::Value::Null
        )
        .as_deref(),
        Some("someone was refused"),
        "replaced"
    );
    assert_eq!(
        reason(
            "RevokeSecurityGroupIngress",
            "ec2.amazonaws.com",
            None,
            serde_json::Value::Null
        )
        .as_deref(),
        Some("security group rules changed"),
        "the rest of the built-in rules stay"
    );
    assert_eq!(
        loaded.config.changes.window,
        std::time::Duration::from_secs(6 * 3600)
    );
}

/// A file warroom cannot use never turns read-only off: `read_only = true` holds through an
/// unrelated error, and a file that cannot be parsed (or whose `read_only` is not a boolean)
/// leaves warroom read-only until it is fixed.
#[test]
fn an_invalid_config_keeps_read_only_and_an_unparseable_one_forces_it() {
    let locked = ["not_toml", "unterminated_string", "wrong_type"];
    for file in files("tests/fixtures/config/invalid") {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let loaded = Config::load(Some(&file));
        let until_fixed = locked.contains(&stem.as_str());
        let read_only = until_fixed || stem == "read_only_with_bad_value";
        assert_eq!(loaded.config.read_only, read_only, "{stem}");
        assert_eq!(loaded.config.read_only_until_fixed, until_fixed, "{stem}");
    }
}

#[test]
fn a_config_that_cannot_be_read_leaves_warroom_read_only_until_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("config.toml");
    for loaded in [
        Config::load_from(Some(&missing), None),
        Config::load_from(None, Some(missing.clone())),
        Config::load_from(None, Some(dir.path().to_path_buf())),
    ] {
        assert!(loaded.error.is_some(), "{loaded:?}");
        assert!(loaded.config.read_only && loaded.config.read_only_until_fixed);
        assert_eq!(
            loaded.instead(),
            "using the built-in config, read-only until the file is fixed"
        );
    }
}

#[test]
fn warroom_config_naming_a_missing_file_is_an_error_like_config() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let loaded = Config::load_from(None, Some(missing.clone()));
    assert_eq!(
        loaded.error.map(|e| e.to_string()),
        Some(format!(
            "{}:1:1: cannot read the file WARROOM_CONFIG names: No such file or directory (os error 2)",
            missing.display()
        ))
    );
    assert_eq!(loaded.path, Some(missing));
}

#[test]
fn tail_lines_sets_the_live_tail_buffer() {
    let loaded = Config::load(Some(Path::new(
        "tests/fixtures/config/valid/tail_lines.toml",
    )));
    assert_eq!(loaded.error, None);
    assert_eq!(loaded.config.logs.tail_lines, 500);
    assert_eq!(Config::defaults().logs.tail_lines, 10_000);
}
