// What the search screen had, kept while the user opens a hit and comes back (the screen
// itself is unmounted meanwhile), and forgotten with the session.
export const searchMemory = $state({ query: "", kind: "" });

export function resetSearch(): void {
  searchMemory.query = "";
  searchMemory.kind = "";
}
