// The isolation pattern: every IPC message passes through this sandboxed frame before it
// reaches Rust. The app's commands take only typed arguments, so there is nothing to
// rewrite; a message that is not an object is dropped.
window.__TAURI_ISOLATION_HOOK__ = (payload) => {
  if (payload === null || typeof payload !== "object") {
    return undefined;
  }
  return payload;
};
