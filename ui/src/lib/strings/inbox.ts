// The words of the inbox, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const INBOX_STRINGS = {
  inbox: {
    selectAFollowUp: "Select someone to follow up",
    followUpInbox: "Follow-up inbox",
    reading: "Reading…",
    oldestFirstNewArrivals: (value: string | number) => `${value} · oldest first, new arrivals on top`,
    nobodyIsWaiting: "Nobody is waiting",
    newLeadsMissedCalls: "New leads, missed calls and follow-ups show up here.",
    theirLeadOrCall: "Their lead or call shows here.",
    justArrived: "Just arrived",
    call: "Call",
    text: "Text",
    handled: "Handled",
    nothingMoreIsKnown: "Nothing more is known",
    thisCallerLeftNo: "This caller left no lead.",
    newLead: "New lead",
    missedCall: "Missed call",
    askedForAFollow: "Asked for a follow-up",
    handledMarkedAsContacted: "Handled: marked as contacted.",
    handled2: "Handled.",
    unknownCaller: "Unknown caller",
  },
} as const;
