//! The README's key table and help say the same: the same keys, in the same words.

use warroom::config::Config;
use warroom::ui::help::rows;

/// The README's key table: `(keys, does)` for each row under `| key | does |`.
fn readme_keys() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| l.trim() != "| key | does |")
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(!table.is_empty(), "README.md has a `| key | does |` table");
    table
        .iter()
        .map(|line| {
            let inner = line.trim().trim_matches('|');
            let (keys, does) = inner.split_once(" | ").expect("a row of two cells");
            (keys.trim().replace('`', ""), does.trim().to_string())
        })
        .collect()
}

#[test]
fn the_readmes_key_table_and_help_say_the_same() {
    let help = rows(&Config::defaults().keymap);
    assert_eq!(readme_keys(), help);
}
