// The accounts domain's way to Rust: the only code here that calls the generated
// commands. Keys go straight to the OS keyring on the Rust side; none comes back.
// Each function answers the value or throws an AppError (lib/api.ts).
import { commands, type Recovery, type SignIn, type SignUp } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const listAccounts = () => unwrap(commands.accountsList());
export const signIn = (form: SignIn) => unwrap(commands.accountSignIn(form));
export const signUp = (form: SignUp) => unwrap(commands.accountSignUp(form));
export const exploreSandbox = () => unwrap(commands.accountExploreSandbox());
export const openAccount = (id: string) => unwrap(commands.accountOpen(id));
export const closeAccount = () => unwrap(commands.accountClose());
export const removeAccount = (id: string) => unwrap(commands.accountRemove(id));
export const setNotifications = (id: string, on: boolean) => unwrap(commands.notificationsSet(id, on));
export const revokeOriginConsent = (id: string) => unwrap(commands.originConsentRevoke(id));
export const recoverSettings = (how: Recovery) => unwrap(commands.settingsRecover(how));
