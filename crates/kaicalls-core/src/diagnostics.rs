//! "Copy diagnostics": a few lines a user can paste into a support email.
//!
//! It says what support needs first (versions, the OS, the kind of account, how sync is
//! doing, the last warnings and errors) and leaves out what is not theirs to see: no key,
//! webhook secret or receiver URL (the log lines it quotes never hold them, see
//! [`crate::logging`]), no account name, e-mail or customer data, and of the API address
//! only its host.

use std::fmt::Write as _;

use crate::accounts::AccountKind;
use crate::{App, logging};

impl App {
    /// The diagnostics text. `shell` adds lines only the shell knows (`("Tauri", "2.x")`,
    /// the webview's version), shown after the app's version.
    pub async fn diagnostics(&self, shell: &[(&str, String)]) -> String {
        let info = self.info().await;
        let mut out = String::new();
        let mut line = |key: &str, value: &str| {
            let _ = writeln!(out, "{key}: {value}");
        };
        line("KaiCalls Desktop", &info.version);
        for (key, value) in shell {
            line(key, value);
        }
        line(
            "OS",
            &format!("{} ({})", std::env::consts::OS, std::env::consts::ARCH),
        );
        let keyring = match &info.keyring_problem {
            None => "available".to_string(),
            Some(e) => format!("not available ({})", e.code.as_str()),
        };
        line("Keyring", &keyring);
        match &info.account {
            None => line("Account", "none open"),
            Some(account) => {
                let kind = match account.kind {
                    AccountKind::Live => "live",
                    AccountKind::Sandbox => "sandbox",
                };
                let host = reqwest::Url::parse(&account.base_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_else(|| "an unreadable address".into());
                line("Account", &format!("{kind}, API at {host}"));
            }
        }
        line(
            "In-app sandbox",
            if info.sandbox_running {
                "running"
            } else {
                "stopped"
            },
        );
        if info.account.is_some() {
            match self.session().await {
                Ok(session) => match session.sync_view().await {
                    Ok(sync) => {
                        let phase = serde_json::to_value(sync.phase)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        line("Sync", &phase);
                        line(
                            "Last sync",
                            sync.last_success_at.as_deref().unwrap_or("never"),
                        );
                        if let Some(e) = &sync.last_error {
                            line(
                                "Last sync error",
                                &format!("{}: {}", e.code.as_str(), e.message),
                            );
                        }
                        line("Edits waiting to be sent", &sync.pending_edits.to_string());
                        line("Records set aside", &sync.unreadable.to_string());
                    }
                    Err(e) => line("Sync", &format!("unknown ({})", e.code.as_str())),
                },
                Err(e) => line("Sync", &format!("no session ({})", e.code.as_str())),
            }
        }
        let log = logging::get();
        let folder = log
            .and_then(|l| l.dir())
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "none".into());
        line("Log folder", &folder);
        let problems = log.map(|l| l.recent_problems()).unwrap_or_default();
        if problems.is_empty() {
            let _ = writeln!(out, "Recent warnings and errors: none");
        } else {
            let _ = writeln!(out, "Recent warnings and errors:");
            for p in problems {
                let _ = writeln!(out, "  {p}");
            }
        }
        out
    }
}
