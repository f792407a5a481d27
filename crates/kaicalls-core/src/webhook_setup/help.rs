//! The words the settings screen shows about reaching this computer.

/// Why a public URL is needed and what to put there. The UI shows it beside the field.
pub const PUBLIC_URL_HELP: &str = "\
KaiCalls tells this app about new leads and finished calls by sending a web request \
(a webhook) the moment they happen. KaiCalls runs on the internet and this app runs on \
your computer, which the internet cannot reach directly. So the app listens on a port of \
this computer only (127.0.0.1), and you give it a public web address that forwards to \
that port: a tunnel (such as Cloudflare Tunnel, ngrok or Tailscale Funnel) or a reverse \
proxy you run.

Enter the public address (for example https://leads.example.com). The app adds its own \
secret path to it and registers the result with KaiCalls, so your tunnel must forward \
every path under that address to the local address shown here. Then press \"Test\": the \
app sends a signed test request to the public address and checks that it arrives back \
here.

Every webhook is signed with a secret that KaiCalls shows once; the app keeps it in your \
system keyring, never in a file, and refuses anything unsigned, forged or older than five \
minutes.

No public address? Nothing is lost: the app also syncs with KaiCalls every few minutes \
and when you press \"Sync now\". Webhooks only make new leads show up at once.";

/// One line for the status area when no webhook can reach this computer.
pub const SYNC_SAFETY_NET: &str = "Webhooks are off: new leads appear at the next sync \
instead of at once.";
