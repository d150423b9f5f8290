//! Logs go to a file in the state directory, never to the screen while the UI is up. The
//! directory is 0700 and every file in it 0600 (see [`crate::private`]).

use std::path::PathBuf;

use tracing_subscriber::EnvFilter;

tokio::task_local! {
    /// The pane or command whose task makes the AWS calls, for the log.
    pub static CALLER: &'static str;
}

/// Who is calling: the pane whose work this is, the headless command, else `warroom`.
pub fn caller() -> &'static str {
    CALLER.try_with(|c| *c).unwrap_or("warroom")
}

/// `$XDG_STATE_HOME/warroom`, else `~/.local/state/warroom`.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_STATE_HOME").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(x).join("warroom"));
    }
    std::env::var_os("HOME").map(|h| {
        PathBuf::from(h)
            .join(".local")
            .join("state")
            .join("warroom")
    })
}

/// Starts logging to `warroom.log`; returns its path, or why it could not.
pub fn init(level: &str) -> Result<PathBuf, String> {
    let dir = state_dir().ok_or("neither XDG_STATE_HOME nor HOME is set")?;
    crate::private::dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("warroom.log");
    let file = crate::private::append(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let filter = EnvFilter::try_new(level).map_err(|e| format!("--log-level {level}: {e}"))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok(path)
}
