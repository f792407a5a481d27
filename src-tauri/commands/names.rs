// Shared by build.rs (which turns each name into an `allow-<name>` permission) and the
// app (a test checks it against the commands registered with tauri-specta), so the
// permission list and the command list cannot drift apart.

/// Every command the UI may call.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "dial_pending",
    "accounts_list",
    "account_sign_in",
    "account_sign_up",
    "account_explore_sandbox",
    "account_open",
    "account_close",
    "account_remove",
    "notifications_set",
    "calls_list",
    "call_get",
    "call_place",
    "agents_list",
    "numbers_list",
    "leads_list",
    "leads_pipeline",
    "lead_get",
    "lead_update",
    "outbox_pending",
    "leads_mark_seen",
    "leads_unread",
    "search",
    "analytics",
    "sync_status",
    "sync_now",
    "webhooks_view",
    "webhooks_register",
    "webhooks_verify",
    "webhooks_remove",
    "sandbox_inbound_call",
    "sandbox_set_running",
];
