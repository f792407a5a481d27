// Sets <html data-theme> before the first paint, so a dark-themed window never flashes
// light: a classic script in <head> (index.html), run before the page is drawn; the CSP
// allows scripts from 'self' only, so it cannot be inline. The same rule, kept live, is
// src/theme/theme.svelte.ts (THEME_KEY, resolveTheme); src/theme/theme.test.ts runs this
// file to keep the two in step.
(function () {
  var choice = null;
  try {
    choice = window.localStorage.getItem("kaicalls.theme");
  } catch (e) {
    // No storage (private mode, a locked-down webview): follow the system.
  }
  var dark =
    choice === "dark" ||
    (choice !== "light" && !!window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.setAttribute("data-theme", dark ? "dark" : "light");
})();
