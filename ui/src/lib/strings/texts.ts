// The words of texts, one object per component. Part of the string
// catalog (lib/strings.ts): change wording here, never in the component.

export const TEXTS_STRINGS = {
  leadTexts: {
    texts: "Texts",
    loading: "Loading…",
    noTextsSentFrom: "No texts sent from this app yet.",
    to: (formatWhen: string | number, displayPhone: string | number, value: string | number) =>
      `${formatWhen} · to ${displayPhone}${value}`,
  },
  segments: {
    canTBeSent: (shown: string | number) =>
      `${shown} can't be sent in the basic text alphabet, so each part holds 70 characters instead of 160.`,
  },
  textDialog: {
    sendAText: "Send a text",
    sendFrom: "Send from",
    to: "To",
    message: "Message",
    charactersATextCan: (characters: string | number, MAX_TEXT_CHARS: string | number) =>
      `${characters} characters: a text can be ${MAX_TEXT_CHARS} at most.`,
    sentTo: (displayPhone: string | number, value: string | number) => `Sent to ${displayPhone}${value}.`,
    itIsOnThe: "It is on the lead's timeline.",
    theTextMayHave: "The text may have been sent.",
    itIsNotSent: "It is not sent again from here.",
    nothingWasSent: "Nothing was sent.",
    cancel: "Cancel",
    close: "Close",
    sending: "Sending…",
    tryAgain: "Try again",
    send: "Send",
    thisAgentHasNo: "This agent has no phone number to text from. Pick another agent.",
    unnamedAgent: "Unnamed agent",
  },
} as const;
