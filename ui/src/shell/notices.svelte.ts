// Things to tell the user outside any screen: banners (AppAlert events, things no command
// returned), toasts (saved, superseded edits, errors of background actions) and the
// grouped new-lead alert.
import { describe, toAppError, type ErrorText } from "../lib/errors";
import type { LeadAlertGroup } from "../leads/leadAlerts";

export interface Banner {
  id: number;
  code: string;
  text: string;
}

export interface Toast {
  id: number;
  text: string;
  tone: "info" | "warn" | "error";
  action?: { label: string; run: () => void };
}

export const notices = $state({
  banners: [] as Banner[],
  toasts: [] as Toast[],
  leadAlert: null as LeadAlertGroup | null,
});

let nextId = 1;

/// A banner for an alert (`{code, message}`) or a failure, in words chosen by its code.
export function banner(error: ErrorText): void {
  const text = describe(error);
  if (notices.banners.some((b) => b.code === error.code && b.text === text)) {
    return;
  }
  notices.banners.push({ id: nextId++, code: error.code, text });
}

/// A banner of the app's own, in its words; `code` names it, so it shows once at a time.
export function notice(code: string, text: string): void {
  if (!notices.banners.some((b) => b.code === code)) {
    notices.banners.push({ id: nextId++, code, text });
  }
}

export function dismissBanner(id: number): void {
  notices.banners = notices.banners.filter((b) => b.id !== id);
}

const TOAST_MS = 8000;

export function toast(text: string, tone: Toast["tone"] = "info", action?: Toast["action"], ms = TOAST_MS): void {
  const id = nextId++;
  notices.toasts.push({ id, text, tone, action });
  if (ms > 0) {
    setTimeout(() => dismissToast(id), ms);
  }
}

export function dismissToast(id: number): void {
  notices.toasts = notices.toasts.filter((t) => t.id !== id);
}

export function toastError(e: unknown): void {
  toast(describe(toAppError(e)), "error");
}

export function dismissLeadAlert(): void {
  notices.leadAlert = null;
}
