// Tells the calls list that the dial ledger changed (a dial's outcome became unknown),
// which no core event announces: the ledger is this app's own record, not server data.
export const dialLedger = $state({ version: 0 });

export function dialsChanged(): void {
  dialLedger.version += 1;
}
