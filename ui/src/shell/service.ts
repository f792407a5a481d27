// The shell's way to Rust: app info, sync, the dial link the app was opened with, and the
// events the core sends. Functions answer the value or throw an AppError (lib/api.ts).
import { commands, events, type AppAlert, type CoreEvent, type DialRequested } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const appInfo = () => unwrap(commands.appInfo());
export const syncStatus = () => unwrap(commands.syncStatus());
export const syncNow = () => unwrap(commands.syncNow());
export const dialPending = () => unwrap(commands.dialPending());
export const quitApp = () => unwrap(commands.appQuit());

export interface CoreListeners {
  core: (event: CoreEvent) => void;
  session: () => void;
  unread: (count: number) => void;
  alert: (alert: AppAlert) => void;
  dial: (request: DialRequested) => void;
  /// A notification was clicked (the window is already shown): one lead, or several.
  opened: (leadId: string | null) => void;
}

/// Listens to every event the core sends; resolves (once all are listened to) to the
/// function that stops listening.
export async function listen(to: CoreListeners): Promise<() => void> {
  const stops = await Promise.all([
    events.coreChanged.listen((e) => to.core(e.payload)),
    events.sessionChanged.listen(() => to.session()),
    events.unreadChanged.listen((e) => to.unread(e.payload.count)),
    events.appAlert.listen((e) => to.alert(e.payload)),
    events.dialRequested.listen((e) => to.dial(e.payload)),
    events.notificationOpened.listen((e) => to.opened(e.payload.lead_id)),
  ]);
  return () => stops.forEach((stop) => stop());
}

/// The businesses the open account's key reaches, from the offline copy.
export const businessesList = () => unwrap(commands.businessesList());
