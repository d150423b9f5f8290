//! The warroom binary as the tests run it: the emulator's credentials and nothing from the
//! developer's AWS setup or warroom config.

use std::path::Path;
use std::process::Command;

/// `state`, when given, is warroom's state dir (XDG_STATE_HOME).
pub fn warroom(state: Option<&Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warroom"));
    for var in [
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "WARROOM_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/nonexistent/warroom-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/warroom-test/credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "2")
        .env("XDG_CONFIG_HOME", "/nonexistent/warroom-test/xdg");
    if let Some(state) = state {
        cmd.env("XDG_STATE_HOME", state);
    }
    cmd
}
