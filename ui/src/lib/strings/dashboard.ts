// The words of the dashboard, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const DASHBOARD_STRINGS = {
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
