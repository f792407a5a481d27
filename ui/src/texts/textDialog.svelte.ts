// The text dialog's opening: who to text, and which lead's thread it joins. One dialog at
// a time; every opening is a new dialog with a new request id.
export const textDialog = $state({
  open: false,
  /// Bumped on every open.
  opened: 0,
  to: "",
  leadId: null as string | null,
  name: "",
  /// The agent to send from, when the opener knows one (the lead's).
  agentId: null as string | null,
  /// Bumped when a text is sent, so timelines read again.
  sent: 0,
});

export function openText(to = "", lead: { id: string; name: string | null; agentId: string | null } | null = null) {
  if (textDialog.open) {
    return;
  }
  textDialog.to = to;
  textDialog.leadId = lead?.id ?? null;
  textDialog.name = lead?.name ?? "";
  textDialog.agentId = lead?.agentId ?? null;
  textDialog.opened += 1;
  textDialog.open = true;
}

export function closeText() {
  textDialog.open = false;
}
