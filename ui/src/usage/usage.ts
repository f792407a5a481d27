// The usage screen's words: a plan, a trial's countdown, a cost. Unknown is said as
// unknown, never as 0. No Svelte, no commands: unit-tested on its own.
import type { BusinessUsage } from "../lib/bindings";
import { formatDateTime, humanize } from "../lib/format";
import { formatMoney, formatNumber } from "../lib/locale";
import { LABELS, COUNTS } from "../lib/strings";
import { USAGE_STRINGS } from "../lib/strings";

const S = USAGE_STRINGS.usage;

/// A trial this close to its end is warned about (days left, a started day counted as one).
export const TRIAL_WARNING_DAYS = 3;

export const planLabel = (b: BusinessUsage) => (b.subscription_status ? humanize(b.subscription_status) : S.unknown);

/// "12 days left (ends …)", "Ended …", or what is known of it.
export function trialLabel(b: BusinessUsage, locale?: string): string {
  if (b.trial_days_left !== null && b.trial_ends_at) {
    const when = formatDateTime(b.trial_ends_at, locale);
    if (b.trial_days_left < 0) {
      return S.ended(when);
    }
    if (b.trial_days_left === 0) {
      return S.endsToday(when);
    }
    return `${COUNTS.days(b.trial_days_left, locale)} left (ends ${when})`;
  }
  return b.subscription_status === "trialing" ? S.inTrialEndDate : S.noTrial;
}

/// The businesses whose trial ends within TRIAL_WARNING_DAYS (and has not ended).
export function endingTrials(businesses: readonly BusinessUsage[]): BusinessUsage[] {
  return businesses.filter(
    (b) =>
      b.subscription_status === "trialing" &&
      b.trial_days_left !== null &&
      b.trial_days_left >= 0 &&
      b.trial_days_left <= TRIAL_WARNING_DAYS,
  );
}

export function minutesLabel(minutes: number | null, locale?: string): string {
  if (minutes === null) {
    return LABELS.unknown;
  }
  return formatNumber(minutes, { style: "unit", unit: "minute", maximumFractionDigits: 1 }, locale);
}

/// Cents as the user's currency format would show dollars (KaiCalls bills in USD).
export function costLabel(cents: number | null, locale?: string): string {
  if (cents === null) {
    return LABELS.unknown;
  }
  return formatMoney(cents / 100, "USD", locale);
}
