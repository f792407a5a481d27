// The words of the dashboard, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const DASHBOARD_STRINGS = {
  origin: {
    fromKaicalls: (formatAgo: string | number) => `From KaiCalls, ${formatAgo}`,
    olderRecordsAreStill: ". Older records are still downloading, so counts may be low.",
    fromTheOfflineCopy: (asOf: string | number, partial: string | number) => `From the offline copy, ${asOf}${partial}`,
    unknown: "Unknown",
    noChange: "No change",
  },
  panelCard: {
    unknown: "Unknown",
  },
  performanceTable: {
    calls: "Calls",
    completed: "Completed",
    averageLength: "Average length",
    leads: "Leads",
    converted: "Converted",
    conversion: "Conversion",
  },
  weekTable: {
    last7Days: "Last 7 days",
    n7DaysBefore: "7 days before",
    change: "Change",
    calls: "Calls",
    completed: "Completed",
    averageLength: "Average length",
    leads: "Leads",
    converted: "Converted",
  },
} as const;
