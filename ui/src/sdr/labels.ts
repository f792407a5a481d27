// Plain words for the pipeline's segments and actions (KaiCalls sends snake_case ids).
import { humanize } from "../lib/format";

const SEGMENTS: Record<string, string> = {
  speed_to_lead: "New: call now",
  fresh_demo_caller: "Called the demo line recently",
  warm_demo_caller: "Called the demo line a while ago",
  cooling_demo: "Demo interest cooling",
  new_trial_stuck: "New trial, no progress",
  trial_going_dark: "Trial going quiet",
  trial_ending: "Trial ending",
  contacted_no_reply: "Contacted, no reply",
  exhausted: "Out of touches",
  churned_recent: "Recently left",
  cold: "Cold",
};

const ACTIONS: Record<string, string> = {
  call: "Call",
  email: "Email",
  sms: "Text",
  skip: "Skip",
  pause: "Pause automation",
  resume: "Resume automation",
  escalate: "Hand to a person",
};

/// Unknown segments and actions (a newer server) show as KaiCalls spells them, readably.
export const segmentLabel = (segment: string) => SEGMENTS[segment] ?? humanize(segment);
export const actionLabel = (action: string | null) => (action ? (ACTIONS[action] ?? humanize(action)) : "Nothing now");

/// What a person may do with a lead from the pipeline.
export const ACTION_CHOICES = ["call", "sms", "email", "skip", "escalate", "pause", "resume"] as const;

/// Actions that reach the person: the app asks before sending them.
export const reachesThem = (action: string) => action === "call" || action === "sms" || action === "email";
