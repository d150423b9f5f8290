//! What the console and the headless commands start from: config, theme, and any problem
//! with the user's files (reported, never fatal).

use crate::cli::GlobalArgs;
use crate::config::{self, Config};
use crate::theme::Theme;

pub struct Startup {
    pub config: Config,
    pub theme: Theme,
    /// Each a sentence naming the file, line and key, and what warroom did instead.
    pub problems: Vec<String>,
}

pub fn prepare(args: &GlobalArgs) -> Startup {
    let loaded = Config::load(args.config.as_deref());
    let mut problems = Vec::new();
    if let Some(e) = &loaded.error {
        problems.push(format!("{e} ({})", loaded.instead()));
    }
    let config = loaded.config;
    let spec = args.theme.clone().unwrap_or_else(|| config.theme.clone());
    let theme = Theme::resolve(&spec, config::config_dir().as_deref()).unwrap_or_else(|e| {
        problems.push(format!("{e} (using the dark theme)"));
        Theme::dark()
    });
    Startup {
        config,
        theme,
        problems,
    }
}
