// Painted: the ready mark, taken as the app takes it (ui/src/dashboard/service.ts).
window.addEventListener("load", () => {
  requestAnimationFrame(() => setTimeout(() => window.__TAURI__.core.invoke("ready"), 0));
});
