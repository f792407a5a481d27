// The words of the shared primitives (ui/), one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const UI_STRINGS = {
  detailPane: {
    loading: "Loading…",
  },
  errorNote: {
    tryAgain: "Try again",
  },
  loadMore: {
    loading: "Loading…",
    loadMore: "Load more",
  },
  modal: {
    close: "Close",
  },
} as const;
