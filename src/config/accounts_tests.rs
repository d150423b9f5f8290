use std::path::Path;

use ratatui::style::Color;

use crate::accounts::{AccountKey, SetSource};
use crate::config::Config;

fn load(text: &str) -> Result<Config, String> {
    Config::from_user_text(Path::new("team.toml"), text).map_err(|e| e.to_string())
}

#[test]
fn a_profiles_set_and_an_organization_set_load_with_their_accounts() {
    let config = load(
        r##"
[accounts.payments]
profiles = ["prod", "staging"]
regions = ["us-east-1", "eu-west-1"]

[[accounts.payments.account]]
profile = "prod"
name = "payments-prod"
color = "red"
production = true

[accounts.org]
organization = { role = "WarroomRead" }
concurrency = 4

[[accounts.org.account]]
id = "210987654321"
color = "#00ff00"
"##,
    )
    .unwrap();
    assert_eq!(config.accounts.len(), 2);
    let payments = crate::accounts::find(&config.accounts, "payments").unwrap();
    assert_eq!(
        payments.source,
        SetSource::Profiles(vec!["prod".into(), "staging".into()])
    );
    assert_eq!(payments.regions, ["us-east-1", "eu-west-1"]);
    assert_eq!(payments.concurrency, 16, "the default cap");
    let prod = payments.entry(None, Some("prod")).unwrap();
    assert_eq!(prod.name.as_deref(), Some("payments-prod"));
    assert_eq!(prod.color, Some(Color::Red));
    assert!(prod.production);
    assert!(payments.entry(None, Some("staging")).is_none());
    let org = crate::accounts::find(&config.accounts, "org").unwrap();
    assert_eq!(
        org.source,
        SetSource::Organization {
            role: "WarroomRead".into()
        }
    );
    assert!(org.regions.is_empty(), "the session's region");
    assert_eq!(org.concurrency, 4);
    assert_eq!(org.accounts[0].key, AccountKey::Id("210987654321".into()));
    assert_eq!(org.accounts[0].color, Some(Color::Rgb(0, 255, 0)));
    assert!(!org.accounts[0].production);
}

#[test]
fn the_built_in_config_has_no_sets_and_an_unknown_name_lists_the_known_ones() {
    let none = Config::defaults();
    assert!(none.accounts.is_empty());
    assert_eq!(
        crate::accounts::find(&none.accounts, "prod").unwrap_err(),
        "no account set named `prod`: the config defines none (add an [accounts.prod] section; see README, Accounts)"
    );
    let config =
        load("[accounts.b]\nprofiles = [\"x\"]\n[accounts.a]\nprofiles = [\"y\"]\n").unwrap();
    assert_eq!(
        crate::accounts::find(&config.accounts, "prod").unwrap_err(),
        "no account set named `prod` (the config defines: a, b)"
    );
}

#[test]
fn each_bad_set_is_named_with_its_file_line_and_key() {
    let cases: &[(&str, &str)] = &[
        (
            "[accounts.p]\nregions = [\"us-east-1\"]\n",
            "team.toml:1:1: accounts.p: the set names no accounts: add `profiles = [\"prod\", \"staging\"]` or `organization = { role = \"OrganizationAccountAccessRole\" }`",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\norganization = { role = \"R\" }\n",
            "team.toml:3:16: accounts.p.organization: a set takes its accounts from `profiles` or from `organization`, not both",
        ),
        (
            "[accounts.p]\nprofiles = []\n",
            "team.toml:2:12: accounts.p.profiles: no profiles listed",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\", \"a\"]\n",
            "team.toml:2:18: accounts.p.profiles: profile `a` is listed twice",
        ),
        (
            "[accounts.p]\norganization = {}\n",
            "team.toml:2:16: accounts.p.organization: the role to assume in each account is missing: `organization = { role = \"OrganizationAccountAccessRole\" }`",
        ),
        (
            "[accounts.p]\norganization = { role = \"has space\" }\n",
            "team.toml:2:25: accounts.p.organization.role: `has space` is not an IAM role name (letters, digits and +=,.@_- up to 64 characters, with an optional path/)",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\nregions = [\"us-east-1\", \"Frankfurt\"]\n",
            "team.toml:3:25: accounts.p.regions: `Frankfurt` is not a region name like us-east-1",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\nregions = []\n",
            "team.toml:3:11: accounts.p.regions: no regions listed (leave `regions` out to use the session's region)",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\nconcurrency = 0\n",
            "team.toml:3:15: accounts.p.concurrency: 0 is outside 1 to 100 (AssumeRoles and sweeps at once)",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\n[[accounts.p.account]]\nname = \"x\"\n",
            "team.toml:4:8: accounts.p.account[0]: an account entry needs the `id` (12 digits) or the `profile` it describes",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\n[[accounts.p.account]]\nprofile = \"b\"\n",
            "team.toml:4:11: accounts.p.account[0].profile: profile `b` is not in this set's `profiles`",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\n[[accounts.o.account]]\nid = 123456789012\n",
            "team.toml:4:6: accounts.o.account[0].id: invalid type: integer `123456789012`, expected a string",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\n[[accounts.o.account]]\nid = \"1234\"\n",
            "team.toml:4:6: accounts.o.account[0].id: `1234` is not an account id (12 digits, in quotes)",
        ),
        (
            "[accounts.p]\nprofiles = [\"a\"]\n[[accounts.p.account]]\nid = \"123456789012\"\n",
            "team.toml:4:6: accounts.p.account[0].id: a profiles set reaches its accounts through their profiles: name the account by `profile`",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\n[[accounts.o.account]]\nprofile = \"a\"\n",
            "team.toml:4:11: accounts.o.account[0].profile: an organization set reaches its accounts through the role: name the account by `id`",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\n[[accounts.o.account]]\nid = \"123456789012\"\n[[accounts.o.account]]\nid = \"123456789012\"\n",
            "team.toml:6:6: accounts.o.account[1]: this account is described twice in the set",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\n[[accounts.o.account]]\nid = \"123456789012\"\ncolor = \"blurple\"\n",
            "team.toml:5:9: accounts.o.account[0].color: `blurple` is not a colour (use a name like `red`, `#rrggbb` or 0-255)",
        ),
        (
            "[accounts.o]\norganization = { role = \"R\" }\nregion = [\"us-east-1\"]\n",
            "team.toml:3:1: accounts.o.region: unknown field `region`, expected one of `profiles`, `organization`, `regions`, `concurrency`, `account`",
        ),
        (
            "[accounts.\"my set\"]\nprofiles = [\"a\"]\n",
            "team.toml:1:1: accounts.my set: a set's name may hold only letters, digits, - and _ (it is what --accounts takes)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = load(text).err();
            (got.as_deref() != Some(*want))
                .then(|| format!("{text}\n  got {got:?}\n want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
