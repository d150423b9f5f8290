//! The AssumeRole session name: `warroom-<user>`, so that CloudTrail in each account says
//! who looked and with what.

/// The longest session name STS takes.
pub const MAX_LEN: usize = 64;

/// `warroom-<user>` with only the characters STS accepts (`[\w+=,.@-]`; others become `-`),
/// at most 64 of them; `warroom` alone when the user is unknown.
pub fn session_name(user: Option<&str>) -> String {
    let user: String = user
        .unwrap_or("")
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let user = user.trim_matches('-');
    let mut name = if user.is_empty() {
        "warroom".to_string()
    } else {
        format!("warroom-{user}")
    };
    name.truncate(MAX_LEN);
    name
}

/// Who runs warroom: `$USER`, else `$LOGNAME`, else `$USERNAME`.
pub fn caller_user() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|u| !u.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(name: &str) -> bool {
        (2..=MAX_LEN).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    }

    #[test]
    fn the_session_name_names_warroom_and_the_caller_in_characters_sts_takes() {
        assert_eq!(session_name(Some("alice")), "warroom-alice");
        assert_eq!(
            session_name(Some("alice.smith@example.com")),
            "warroom-alice.smith@example.com"
        );
        assert_eq!(session_name(Some("Jean François")), "warroom-Jean-Fran-ois");
        assert_eq!(session_name(Some("DOMAIN\\bob")), "warroom-DOMAIN-bob");
        assert_eq!(session_name(None), "warroom");
        assert_eq!(session_name(Some("  ")), "warroom");
        assert_eq!(session_name(Some("ö")), "warroom");
        let long = session_name(Some(&"x".repeat(100)));
        assert_eq!(long.len(), 64);
        assert!(long.starts_with("warroom-xxx"));
        for user in [
            "alice",
            "Jean François",
            "ö",
            "a/b:c",
            "\u{202e}evil",
            &"é".repeat(80),
        ] {
            let name = session_name(Some(user));
            assert!(valid(&name), "{user:?} gave {name:?}");
        }
    }
}
