//! Where `:export` writes: the file asked for, else the incident's folder in the state
//! directory (`incidents/<name>/`), else the state directory's `exports/`; always an
//! absolute path, so the message says where the file is.

use std::path::{Path, PathBuf};

use super::{Format, Header};
use crate::timeline::journal::{self, INCIDENTS};

/// The folder exports without an open incident go to, in the state directory.
pub const EXPORTS: &str = "exports";

/// The absolute path an export writes to. A path given is taken from the current directory;
/// without one and without a state directory, the file lands in the current directory.
pub fn place(
    format: Format,
    asked: Option<PathBuf>,
    state_dir: Option<&Path>,
    header: &Header,
) -> Result<PathBuf, String> {
    let name = header.incident.as_deref().unwrap_or("timeline");
    let file = format!("{name}-timeline.{}", format.extension());
    let path = match (asked, state_dir, header.incident.as_deref()) {
        (Some(path), _, _) => path,
        (None, Some(dir), Some(incident)) => {
            journal::check_name(incident).map_err(|e| e.to_string())?;
            dir.join(INCIDENTS).join(incident).join(file)
        }
        (None, Some(dir), None) => dir.join(EXPORTS).join(file),
        (None, None, _) => PathBuf::from(file),
    };
    std::path::absolute(&path).map_err(|e| format!("cannot tell where {} is: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(incident: Option<&str>) -> Header {
        Header {
            incident: incident.map(String::from),
            ..Header::default()
        }
    }

    #[test]
    fn an_open_incident_exports_into_its_folder_and_none_into_exports() {
        let state = Path::new("/state/warroom");
        assert_eq!(
            place(Format::Md, None, Some(state), &header(Some("checkout-5xx"))),
            Ok(PathBuf::from(
                "/state/warroom/incidents/checkout-5xx/checkout-5xx-timeline.md"
            ))
        );
        assert_eq!(
            place(Format::Csv, None, Some(state), &header(None)),
            Ok(PathBuf::from(
                "/state/warroom/exports/timeline-timeline.csv"
            ))
        );
    }

    #[test]
    fn a_path_given_is_taken_from_the_current_directory() {
        let here = std::env::current_dir().unwrap();
        let state = Path::new("/state/warroom");
        assert_eq!(
            place(
                Format::Md,
                Some(PathBuf::from("out/t.md")),
                Some(state),
                &header(Some("x"))
            ),
            Ok(here.join("out/t.md"))
        );
        assert_eq!(
            place(Format::Md, None, None, &header(None)),
            Ok(here.join("timeline-timeline.md"))
        );
    }
}
