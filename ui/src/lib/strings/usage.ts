// The words of usage and billing, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const USAGE_STRINGS = {
  trialNotice: {
    theFreeTrialOf: (name: string | number, when: string | number) =>
      `The free trial of ${name} ends ${when}. Choose a plan in the KaiCalls dashboard to keep your agents answering.`,
  },
  usage: {
    usage: "Usage",
    yourPlanMinutesAnd: "Your plan, minutes and API requests.",
    offlineCopy: "Offline copy",
    refreshing: "Refreshing…",
    refresh: "Refresh",
    loading: "Loading…",
    kaicallsCanTBe:
      "KaiCalls can't be reached: this is the last balance kept on this computer. The request log is not kept offline.",
    businesses: "Businesses",
    noBusinessYetSync: "No business yet: sync first.",
    business: "Business",
    plan: "Plan",
    trial: "Trial",
    minutesThisPeriod: "Minutes this period",
    calls30Days: "Calls, 30 days",
    numbers: "Numbers",
    unknown: "Unknown",
    apiRequestsLast30: "API requests, last 30 days",
    unknownWhileOffline: "Unknown while offline.",
    theLatest: " (the latest)",
    requestsCostCallsPlaced: (
      toLocaleString: string | number,
      value: string | number,
      costLabel: string | number,
      value2: string | number,
    ) => `${toLocaleString}${value} requests · cost ${costLabel} · ${value2} calls placed`,
    apiRequests: "API requests",
    when: "When",
    request: "Request",
    status: "Status",
    cost: "Cost",
    ended: (when: string | number) => `Ended ${when}`,
    endsToday: (when: string | number) => `Ends today (${when})`,
    inTrialEndDate: "In trial; end date unknown",
    noTrial: "No trial",
  },
} as const;
