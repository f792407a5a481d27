// The words of search, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const SEARCH_STRINGS = {
  hit: {
    unnamedLead: "Unnamed lead",
    call: "Call",
    transcript: "Transcript",
    lead: "Lead",
  },
  search: {
    transcripts: "Transcripts",
    searchTranscriptsCallSummaries: "Search transcripts, call summaries and leads",
    search: "Search",
    whatToSearch: "What to search",
    searchEverythingYourAgents: "Search everything your agents heard",
    wordsFromTranscriptsCall:
      "Words from transcripts, call summaries, lead names, notes, emails and numbers. It searches what's saved on this computer, so it works offline too.",
    noMatchesFor: (searched: string | number) => `No matches for “${searched}”`,
    tryFewerOrDifferent: "Try fewer or different words.",
    searching: "Searching…",
    matchesRankedAmongThe: (formatNumber: string | number) =>
      `${formatNumber}+ matches, ranked among the newest of each kind`,
    everything: "Everything",
    callSummaries: "Call summaries",
    leads: "Leads",
  },
} as const;
