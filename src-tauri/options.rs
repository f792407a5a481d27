//! Start-up options from the command line and the environment.

use std::path::PathBuf;

/// The flag the login item starts the app with.
pub const HIDDEN_FLAG: &str = "--hidden";

/// How this run of the app was asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--sandbox` or `KAICALLS_SANDBOX=1`: go straight to the sandbox account.
    pub sandbox: bool,
    /// `KAICALLS_DATA_DIR`: where all app data lives (tests, portable use); else the
    /// platform's app data directory.
    pub data_dir: Option<PathBuf>,
    /// A `tel:` or `kaicalls:` link the app was opened with.
    pub deep_link: Option<String>,
    /// `--hidden`: started at login, so it stays in the background (no window) until the
    /// owner opens it.
    pub hidden: bool,
}

impl Options {
    /// Reads `args` (without the program name) and the given environment lookup.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Options {
        let truthy =
            |v: Option<String>| v.is_some_and(|v| matches!(v.trim(), "1" | "true" | "yes"));
        Options {
            sandbox: args.iter().any(|a| a == "--sandbox") || truthy(env("KAICALLS_SANDBOX")),
            data_dir: env("KAICALLS_DATA_DIR")
                .filter(|d| !d.trim().is_empty())
                .map(PathBuf::from),
            deep_link: args
                .iter()
                .find(|a| a.starts_with("tel:") || a.starts_with("kaicalls:"))
                .cloned(),
            hidden: args.iter().any(|a| a == HIDDEN_FLAG),
        }
    }

    /// The options of this process.
    pub fn from_process() -> Options {
        let args: Vec<String> = std::env::args().skip(1).collect();
        Options::parse(&args, |k| std::env::var(k).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_environment() {
        let none = |_: &str| None;
        assert!(!Options::parse(&[], none).sandbox);
        assert!(Options::parse(&["--sandbox".into()], none).sandbox);
        let env = |k: &str| match k {
            "KAICALLS_SANDBOX" => Some("1".to_string()),
            "KAICALLS_DATA_DIR" => Some("/tmp/kc".to_string()),
            _ => None,
        };
        let o = Options::parse(&["tel:+15125551234".into()], env);
        assert!(o.sandbox);
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/kc")));
        assert_eq!(o.deep_link.as_deref(), Some("tel:+15125551234"));
        assert!(!o.hidden);
        assert!(Options::parse(&[HIDDEN_FLAG.into()], none).hidden);
    }
}
