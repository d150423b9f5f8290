//! Files and folders only their owner can read, whatever the umask: the state directory and
//! everything warroom writes there (log, audit log, journals, query history, recordings).
//! An existing one that others can read is tightened when warroom opens it.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(unix)]
const FILE_MODE: u32 = 0o600;
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parent as 0700; `dir` itself is made 0700 when it exists
/// with other modes. Parents that exist are left as they are.
pub fn dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    #[cfg(unix)]
    set_mode(dir, DIR_MODE)?;
    Ok(())
}

/// [`dir`] for `base` and for every folder from it down to `dir`, so each one is private.
pub fn dirs_down_to(base: &Path, dir: &Path) -> io::Result<()> {
    self::dir(base)?;
    if let Ok(rest) = dir.strip_prefix(base) {
        let mut at = base.to_path_buf();
        for part in rest.components() {
            at.push(part);
            self::dir(&at)?;
        }
    } else {
        self::dir(dir)?;
    }
    Ok(())
}

/// Opens `path` with `options`; a file it creates is 0600, and an existing one with other
/// modes is made 0600.
pub fn open(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, FILE_MODE);
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode() & 0o777;
        if mode != FILE_MODE {
            file.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))?;
        }
    }
    Ok(file)
}

/// Opens `path` for appending, creating it (0600) when it is missing.
pub fn append(path: &Path) -> io::Result<File> {
    open(OpenOptions::new().create(true).append(true), path)
}

#[cfg(unix)]
fn set_mode(path: &Path, want: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode != want {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(want))?;
    }
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn loose_files_and_folders_are_tightened() {
        let root = tempfile::tempdir().unwrap();
        let state = root.path().join("state");
        std::fs::create_dir(&state).unwrap();
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).unwrap();
        let log = state.join("warroom.log");
        std::fs::write(&log, "old\n").unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
        dirs_down_to(&state, &state.join("incidents").join("ir-1")).unwrap();
        append(&log).unwrap();
        assert_eq!(mode(&state), 0o700);
        assert_eq!(mode(&state.join("incidents")), 0o700);
        assert_eq!(mode(&state.join("incidents").join("ir-1")), 0o700);
        assert_eq!(mode(&log), 0o600);
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "old\n", "kept");
    }
}
