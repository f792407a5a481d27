// The UI in a plain browser, against the stand-in backend: `npm run dev`, then open
// http://localhost:5173/src/testing/preview.html (add ?onboarding for no account).
// `window.kaicallsPreview` emits events, to see live updates and alerts.
import { mount } from "svelte";
import App from "../App.svelte";
import { emitCore, emitSession, installFakeBackend } from "./fakeBackend";
import "../app.css";

const params = new URLSearchParams(location.search);
const fake = installFakeBackend({ signedIn: !params.has("onboarding") });
Object.assign(window, { kaicallsPreview: { fake, emitCore, emitSession } });

const target = document.getElementById("app");
if (target) {
  mount(App, { target });
}
