// Plain words for the pipeline's segments and actions (KaiCalls sends snake_case ids).
import { humanize } from "../lib/format";
import { SDR_STRINGS } from "../lib/strings";

const S = SDR_STRINGS.labels;

const SEGMENTS: Record<string, string> = {
  speed_to_lead: S.newCallNow,
  fresh_demo_caller: S.calledTheDemoLine,
  warm_demo_caller: S.calledTheDemoLine2,
  cooling_demo: S.demoInterestCooling,
  new_trial_stuck: S.newTrialNoProgress,
  trial_going_dark: S.trialGoingQuiet,
  trial_ending: S.trialEnding,
  contacted_no_reply: S.contactedNoReply,
  exhausted: S.outOfTouches,
  churned_recent: S.recentlyLeft,
  cold: S.cold,
};

const ACTIONS: Record<string, string> = {
  call: S.call,
  email: S.email,
  sms: S.text,
  skip: S.skip,
  pause: S.pauseAutomation,
  resume: S.resumeAutomation,
  escalate: S.handToAPerson,
};

/// Unknown segments and actions (a newer server) show as KaiCalls spells them, readably.
export const segmentLabel = (segment: string) => SEGMENTS[segment] ?? humanize(segment);
export const actionLabel = (action: string | null) => (action ? (ACTIONS[action] ?? humanize(action)) : S.nothingNow);

/// What a person may do with a lead from the pipeline.
export const ACTION_CHOICES = ["call", "sms", "email", "skip", "escalate", "pause", "resume"] as const;

/// Actions that reach the person: the app asks before sending them.
export const reachesThem = (action: string) => action === "call" || action === "sms" || action === "email";
