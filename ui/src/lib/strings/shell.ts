// The words of the app's chrome (App, sidebar, top bar, palette, banners, toasts), one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const SHELL_STRINGS = {
  accountMenu: {
    switchAccount: "Switch account",
    accounts: "Accounts",
    addOrManageAccounts: "Add or manage accounts…",
  },
  app: {
    kaicalls: "KaiCalls",
    opening: "Opening…",
  },
  banners: {
    dismiss: "Dismiss",
  },
  businessSwitcher: {
    business: "Business",
    showOneBusiness: "Show one business",
    allBusinesses: "All businesses",
  },
  historyButtons: {
    history: "History",
    alt: (label: string | number, arrow: string | number) => `${label} (Alt+${arrow})`,
  },
  leaveDialog: {
    leaveWithoutSaving: "Leave without saving?",
    ifYouLeaveThey: "If you leave, they stay as a draft on this computer for when you come back.",
    discardAndLeave: "Discard and leave",
    stay: "Stay",
    leaveKeepTheDraft: "Leave, keep the draft",
    leave: "Leave",
  },
  palette: {
    goToDoOr: "Go to, do or find…",
    aScreenAnAction: "A screen, an action, a lead's name or number",
    results: "Results",
    nothingMatches: (query: string | number) => `Nothing matches “${query}”.`,
    toChooseEnterTo: "↑ ↓ to choose · Enter to open · Esc to close",
  },
  sidebar: {
    main: "Main",
    k: "K",
    kaicalls: "KaiCalls",
    new: (unread: string | number) => `${unread} new`,
    v: (value: string | number) => `v${value}`,
  },
  toasts: {
    dismiss: "Dismiss",
    open: "Open",
    openTheInbox: "Open the inbox",
  },
  topBar: {
    demoDataOnThis: "Demo data on this computer: no real calls, no bills",
    sandbox: "Sandbox",
    offline: "Offline",
    syncProblem: (describe: string | number) => `Sync problem: ${describe}`,
    synced: (lastSynced: string | number) => `Synced ${lastSynced}`,
    leadEditsWaitingTo: "Lead edits waiting to be sent",
    waitingToSend: (pendingEdits: string | number) => `${pendingEdits} waiting to send`,
    kaicallsSentRecordsThis:
      "KaiCalls sent records this version of the app can't read. Everything else synced; these are kept as they came and read again after the app updates.",
    syncNow: "Sync now",
    callSomeone: "Call someone",
    syncProgress: "Sync progress",
    youReOfflineShowing: "You're offline — showing what's saved on this computer.",
    lastSynced: (lastSynced: string | number) => `Last synced ${lastSynced}.`,
  },
} as const;
