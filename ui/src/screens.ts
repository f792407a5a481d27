// The screen registry: every screen of the signed-in app, once. The sidebar, the Ctrl/Cmd
// shortcuts, the routes (`#/<id>`, `#/<id>/<item id>`) and the view all come from here.
// Adding a screen is one entry below plus its folder (see ui/README.md).
import Agents from "./agents/Agents.svelte";
import Calls from "./calls/Calls.svelte";
import Dashboard from "./dashboard/Dashboard.svelte";
import Inbox from "./inbox/Inbox.svelte";
import { inbox } from "./inbox/inbox.svelte";
import Board from "./leads/Board.svelte";
import Leads from "./leads/Leads.svelte";
import Sdr from "./sdr/Sdr.svelte";
import Search from "./search/Search.svelte";
import Settings from "./settings/Settings.svelte";
import Usage from "./usage/Usage.svelte";
import { routeTable } from "./router/routes";
import { app } from "./shell/app.svelte";
import { shortcutsOf, sidebarOf, type ScreenEntry } from "./shell/registry";
import { SHELL_STRINGS } from "./lib/strings";

const S = SHELL_STRINGS.screens;

export const SCREENS = [
  { id: "dashboard", label: S.dashboard, icon: "dashboard", component: Dashboard, sidebar: 5 },
  {
    id: "inbox",
    label: S.inbox,
    icon: "inbox",
    component: Inbox,
    sidebar: 7,
    item: "inbox",
    unread: () => inbox.items.length,
  },
  { id: "calls", label: S.calls, icon: "calls", component: Calls, sidebar: 10, item: "call" },
  { id: "leads", label: S.leads, icon: "leads", component: Leads, sidebar: 20, item: "lead", unread: () => app.unread },
  { id: "board", label: S.pipelineBoard, icon: "board", component: Board, sidebar: 25 },
  {
    id: "search",
    label: S.transcripts,
    icon: "search",
    component: Search,
    sidebar: 30,
    key: "f",
    focus: "search-input",
  },
  { id: "sdr", label: "SDR pipeline", icon: "sdr", component: Sdr, sidebar: 45 },
  { id: "agents", label: S.agents, icon: "agents", component: Agents, sidebar: 50, item: "agent" },
  { id: "usage", label: S.usage, icon: "usage", component: Usage, sidebar: 55 },
  // Ctrl/Cmd+, as desktop apps open their settings (it is past the nine digits).
  { id: "settings", label: S.settings, icon: "settings", component: Settings, sidebar: 60, key: "," },
] as const satisfies readonly ScreenEntry[];

export type ScreenId = (typeof SCREENS)[number]["id"];

export const ROUTES = routeTable<ScreenId>(SCREENS);
export const SIDEBAR = sidebarOf<ScreenEntry<ScreenId>>(SCREENS);
export const SHORTCUTS = shortcutsOf<ScreenEntry<ScreenId>>(SCREENS);

export function screenOf(id: ScreenId): ScreenEntry<ScreenId> {
  // Every ScreenId is an entry's id, so this always finds one.
  return SCREENS.find((s) => s.id === id) as ScreenEntry<ScreenId>;
}
