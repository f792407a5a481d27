// Settings' way to Rust (live updates, the sandbox, app updates): the only code here
// that calls the generated commands. Each function answers the value or throws an
// AppError (lib/api.ts).
import { commands, type Prefs, type SimulatedCall } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const viewLiveUpdates = () => unwrap(commands.webhooksView());
export const registerLiveUpdates = (publicUrl: string | null) => unwrap(commands.webhooksRegister(publicUrl));
export const testLiveUpdates = (publicUrl: string | null) => unwrap(commands.webhooksVerify(publicUrl));
export const removeLiveUpdates = () => unwrap(commands.webhooksRemove());

export const simulateInbound = (call: SimulatedCall) => unwrap(commands.sandboxInboundCall(call));
export const setSandboxRunning = (running: boolean) => unwrap(commands.sandboxSetRunning(running));

export const checkForUpdate = () => unwrap(commands.updateCheck());
/// Restarts into the new version on success; `false` means nothing was newer.
export const installUpdate = () => unwrap(commands.updateInstall());

/// The diagnostics text for support (no secrets); the component copies it.
export const getDiagnostics = () => unwrap(commands.diagnosticsGet());
export const openLogFolder = () => unwrap(commands.logFolderOpen());

export const getPrefs = () => unwrap(commands.prefsGet());
export const setPrefs = (prefs: Prefs) => unwrap(commands.prefsSet(prefs));
export const getAutostart = () => unwrap(commands.autostartGet());
/// Answers whether the login item is there now.
export const setAutostart = (on: boolean) => unwrap(commands.autostartSet(on));
