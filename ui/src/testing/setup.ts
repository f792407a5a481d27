// Every test formats in en-US, whatever the machine's locale (lib/locale.ts); a test of
// another locale passes it explicitly or calls setLocale itself.
import { beforeEach } from "vitest";
import { setLocale } from "../lib/locale";

beforeEach(() => setLocale("en-US"));
