// The trial warning outside the Usage screen: after a sync, a banner for each business
// whose free trial ends within three days, once per business per session (dismissed, it
// stays dismissed until the app opens again). Reads the offline copy only: no request.
import { loadKeptUsage } from "./service";
import { businessLabel } from "../lib/format";
import { COUNTS } from "../lib/strings";
import { notice } from "../shell/notices.svelte";
import { endingTrials } from "./usage";
import { USAGE_STRINGS } from "../lib/strings";

const S = USAGE_STRINGS.trialNotice;

const warned = new Set<string>();

export function trialNoticeText(name: string, daysLeft: number): string {
  const when = daysLeft === 0 ? "today" : `in ${COUNTS.days(daysLeft)}`;
  return S.theFreeTrialOf(name, when);
}

export async function warnEndingTrials(): Promise<void> {
  let kept;
  try {
    kept = await loadKeptUsage();
  } catch {
    return; // A warning is a courtesy: the Usage screen shows the error if there is one.
  }
  for (const b of endingTrials(kept)) {
    if (!warned.has(b.id) && b.trial_days_left !== null) {
      warned.add(b.id);
      notice(`trial_ending:${b.id}`, trialNoticeText(businessLabel(b), b.trial_days_left));
    }
  }
}
