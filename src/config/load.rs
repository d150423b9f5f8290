//! Finding and loading the user's file, and what warroom does when it cannot use it: the
//! built-in config, read-only when the file asked for it or when that cannot be told.

use std::path::{Path, PathBuf};

use super::{Config, FileError, Loaded, config_dir};

/// What a file warroom could not use says about `read_only`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asked {
    /// `read_only = true`.
    ReadOnly,
    /// No `read_only`, or `read_only = false`.
    Nothing,
    /// Not TOML at all, or a `read_only` that is neither `true` nor `false`.
    CannotTell,
}

fn asked(text: &str) -> Asked {
    match toml::from_str::<toml::Table>(text) {
        Err(_) => Asked::CannotTell,
        Ok(table) => match table.get("read_only") {
            None | Some(toml::Value::Boolean(false)) => Asked::Nothing,
            Some(toml::Value::Boolean(true)) => Asked::ReadOnly,
            Some(_) => Asked::CannotTell,
        },
    }
}

impl Loaded {
    fn defaults() -> Loaded {
        Loaded {
            config: Config::defaults(),
            path: None,
            error: None,
        }
    }

    /// The built-in config because of `error`, read-only as `asked` requires.
    fn failed(path: PathBuf, error: FileError, asked: Asked) -> Loaded {
        let mut config = Config::defaults();
        config.read_only = asked != Asked::Nothing;
        config.read_only_until_fixed = asked == Asked::CannotTell;
        Loaded {
            config,
            path: Some(path),
            error: Some(error),
        }
    }

    /// What warroom does instead of using the file, for the message that reports its error.
    pub fn instead(&self) -> &'static str {
        if self.config.read_only_until_fixed {
            "using the built-in config, read-only until the file is fixed"
        } else if self.error.is_some() && self.config.read_only {
            "using the built-in config, read-only as the file asks"
        } else {
            "using the built-in config"
        }
    }
}

impl Config {
    /// Loads `explicit` (`--config`), else `$WARROOM_CONFIG`, else the default location, over
    /// the defaults. A missing file at the default location is normal; one that was named is
    /// an error, and warroom is read-only until it is there.
    pub fn load(explicit: Option<&Path>) -> Loaded {
        Config::load_from(explicit, super::env_path())
    }

    /// As [`Config::load`], with the value of `$WARROOM_CONFIG` given.
    pub fn load_from(explicit: Option<&Path>, env: Option<PathBuf>) -> Loaded {
        let (path, named_by) = match (explicit, env) {
            (Some(path), _) => (path.to_path_buf(), Some("--config")),
            (None, Some(path)) => (path, Some("WARROOM_CONFIG")),
            (None, None) => match config_dir() {
                Some(dir) => (dir.join("config.toml"), None),
                None => return Loaded::defaults(),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && named_by.is_none() => {
                return Loaded::defaults();
            }
            Err(e) => {
                let by = match named_by {
                    Some("WARROOM_CONFIG") => " the file WARROOM_CONFIG names",
                    _ => "",
                };
                let error = FileError::at(&path, "", None, None, format!("cannot read{by}: {e}"));
                return Loaded::failed(path, error, Asked::CannotTell);
            }
        };
        match Config::from_user_text(&path, &text) {
            Ok(config) => Loaded {
                config,
                path: Some(path),
                error: None,
            },
            Err(error) => Loaded::failed(path, error, asked(&text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_broken_file_says_about_read_only() {
        for (text, want) in [
            (
                "read_only = true\n[refresh]\nalarms = \"0s\"\n",
                Asked::ReadOnly,
            ),
            ("read_only = false\nnope = 1\n", Asked::Nothing),
            ("nope = 1\n", Asked::Nothing),
            ("read_only = \"yes\"\n", Asked::CannotTell),
            ("read_only = true\ntheme = \"dark\n", Asked::CannotTell),
            ("[refresh]\nread_only = true\nalarms = 3\n", Asked::Nothing),
        ] {
            assert_eq!(asked(text), want, "{text}");
        }
    }
}
