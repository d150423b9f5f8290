//! An error in a file the user wrote, located precisely enough to fix at 3 a.m.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The dotted key the error is about, such as `refresh.alarms`.
    pub key: Option<String>,
    pub message: String,
}

impl FileError {
    pub fn at(
        file: &Path,
        source: &str,
        span: Option<Range<usize>>,
        key: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = span.map(|s| line_col(source, s.start)).unwrap_or((1, 1));
        Self {
            file: file.to_path_buf(),
            line,
            column,
            key,
            message: message.into(),
        }
    }

    /// From a TOML/serde error, with the key path serde_path_to_error found.
    pub fn from_toml(file: &Path, source: &str, err: &toml::de::Error, path: &str) -> Self {
        let key = (!path.is_empty() && path != ".").then(|| path.to_string());
        Self::at(
            file,
            source,
            err.span(),
            key,
            err.message().trim().to_string(),
        )
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileError {}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Deserializes TOML, reporting the key path of any error.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &Path,
    source: &str,
) -> Result<T, FileError> {
    let deserializer = toml::de::Deserializer::parse(source)
        .map_err(|e| FileError::from_toml(file, source, &e, ""))?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        // A `Spanned` value's inner error carries toml's private field name.
        let path = e
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "");
        FileError::from_toml(file, source, e.inner(), &path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (2, 6));
    }
}
