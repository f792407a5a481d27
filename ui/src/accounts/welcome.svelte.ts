// What the last sign-up created, until the user has read the welcome. Kept outside the
// sign-up form: opening the new account replaces onboarding, form and all.
import type { SignedUp } from "../lib/bindings";

export const welcome = $state<{ created: SignedUp | null }>({ created: null });
