import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { startTheme } from "./theme/theme.svelte";
import { bootMark } from "./lib/bootMarks";

// Imports are evaluated first: from here the main chunk has loaded and run.
bootMark("script_ms");

// public/theme.js already set the saved theme; from here it also follows the system live.
startTheme();

const target = document.getElementById("app");
if (!target) {
  throw new Error("index.html has no #app element");
}
export default mount(App, { target });
