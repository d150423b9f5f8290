//! Who writes a note: `$USER`, else the caller STS names, else `unknown`.

/// Who writes: `$USER`, else the caller STS names (the last part of its ARN), else `unknown`.
pub fn whoami() -> String {
    author(std::env::var("USER").ok(), caller().as_deref())
}

static CALLER: std::sync::RwLock<Option<String>> = std::sync::RwLock::new(None);

/// Remembers the caller's ARN (from STS GetCallerIdentity) for the notes' author.
pub fn remember_caller(arn: &str) {
    if let Ok(mut caller) = CALLER.write() {
        *caller = Some(arn.to_string());
    }
}

fn caller() -> Option<String> {
    CALLER.read().ok().and_then(|c| c.clone())
}

/// `user`, else the last part of `arn` (`assumed-role/OnCall/alice` -> `alice`), else `unknown`.
pub fn author(user: Option<String>, arn: Option<&str>) -> String {
    user.filter(|u| !u.is_empty())
        .or_else(|| {
            arn.and_then(|a| a.rsplit(['/', ':']).next())
                .filter(|p| !p.is_empty())
                .map(str::to_string)
        })
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::author;

    #[test]
    fn without_user_the_author_is_the_last_part_of_the_callers_arn() {
        let arn = "arn:aws:sts::123456789012:assumed-role/OnCall/alice";
        assert_eq!(author(None, Some(arn)), "alice");
        assert_eq!(author(Some(String::new()), Some(arn)), "alice");
        assert_eq!(
            author(None, Some("arn:aws:iam::123456789012:user/moto")),
            "moto"
        );
        assert_eq!(author(Some("bob".into()), Some(arn)), "bob");
        assert_eq!(author(None, None), "unknown");
    }
}
