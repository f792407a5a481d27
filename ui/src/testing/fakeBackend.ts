// A stand-in for the Rust side, for the UI smoke tests: answers every command from
// fixtures through @tauri-apps/api's IPC mock, records the calls, and emits events.
import { clearMocks, mockConvertFileSrc, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  AccountMeta,
  AgentView,
  AppError,
  CallView,
  CoreEvent,
  DialView,
  LeadView,
  PipelineView,
  SearchHitView,
  SettingsProblem,
  TextView,
} from "../lib/bindings";

export const account: AccountMeta = {
  id: "acct-1",
  label: "Sandbox",
  kind: "sandbox",
  base_url: "http://127.0.0.1:4010",
  origin_consent: null,
  business_ids: ["biz-1"],
  notifications: true,
  webhook: { listen_port: 4011, public_url: null },
  in_app_sandbox: true,
  created_at: "2026-03-01T10:00:00Z",
};

const agent: AgentView = {
  id: "agent-1",
  name: "Kai",
  business_id: "biz-1",
  phone_number: "+15125550100",
  created_at: "2026-03-01T10:00:00Z",
  regressed: false,
};

/// The fixtures' statuses, as Rust folds them (the fake only knows the two it uses).
const CALL_STATES = {
  completed: { state: "completed", is_active: false, tone: "ok" },
  "no-answer": { state: "no_answer", is_active: false, tone: "bad" },
  queued: { state: "queued", is_active: true, tone: "live" },
} as const;

function call(id: string, status: keyof typeof CALL_STATES, extra: Partial<CallView> = {}): CallView {
  return {
    id,
    status,
    ...CALL_STATES[status],
    direction: "inbound",
    duration_seconds: 65,
    agent_id: "agent-1",
    agent_name: "Kai",
    business_id: "biz-1",
    lead_id: null,
    lead_name: null,
    customer_name: "Maria Lopez",
    number: "+15125551234",
    summary: "Asked about a leaking roof.",
    has_recording: false,
    recording_url: null,
    ended_reason: null,
    created_at: new Date().toISOString(),
    ...extra,
  };
}

export function lead(id: string, name: string, extra: Partial<LeadView> = {}): LeadView {
  return {
    id,
    name,
    first_name: null,
    last_name: null,
    email: null,
    phone: "+15125551234",
    stage: "new",
    status: "new",
    tone: "live",
    source: "inbound_call",
    agent_id: "agent-1",
    agent_name: "Kai",
    business_id: "biz-1",
    notes: null,
    score: null,
    address: null,
    city: null,
    state: null,
    zip: null,
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    pending_edits: 0,
    ...extra,
  };
}

export interface Fake {
  calls: CallView[];
  leads: LeadView[];
  /// The app's preferences and its login item.
  prefs: { close_to_background: boolean; close_explained: boolean };
  autostart: boolean;
  /// Why the account list could not be used at start (the recovery screen).
  settingsProblem: SettingsProblem | null;
  /// Records the sync set aside as unreadable.
  unreadable: number;
  /// What the search screen finds (paged by offset and limit like the real command).
  hits: SearchHitView[];
  invoked: Array<{ cmd: string; args: Record<string, unknown> | undefined }>;
  signedIn: boolean;
  sandboxRunning: boolean;
  /// Commands to fail with this error.
  failures: Record<string, AppError>;
  /// Texts sent, newest first.
  texts: TextView[];
  /// The dial ledger: recent dials to the number being checked, and uncertain ones.
  dialsTo: DialView[];
  uncertain: DialView[];
  /// Inbox items marked handled.
  handled: Set<string>;
  /// Accounts listed after the open one (say, a live key allowed to a staging server).
  otherAccounts: AccountMeta[];
  /// Commands whose answer waits until `release()`.
  held: Set<string>;
  /// Also held until `release()`: the calls this picks (say, one command's full answers).
  holdIf: (cmd: string, args: Record<string, unknown> | undefined) => boolean;
  release: () => void;
  count: (cmd: string) => number;
}

export function installFakeBackend(options: { signedIn?: boolean } = {}): Fake {
  let waiting: Array<() => void> = [];
  const fake: Fake = {
    calls: [call("call-1", "completed"), call("call-2", "no-answer", { customer_name: null, direction: "outbound" })],
    leads: [
      lead("lead-1", "Maria Lopez"),
      lead("lead-2", "Tom Baker", { stage: "qualified", status: "qualified", tone: "ok", pending_edits: 1 }),
    ],
    hits: [],
    unreadable: 0,
    settingsProblem: null,
    prefs: { close_to_background: true, close_explained: false },
    autostart: false,
    invoked: [],
    signedIn: options.signedIn ?? true,
    sandboxRunning: true,
    failures: {},
    texts: [],
    dialsTo: [],
    uncertain: [],
    handled: new Set(),
    held: new Set(),
    holdIf: () => false,
    otherAccounts: [],
    release: () => {
      const all = waiting;
      waiting = [];
      all.forEach((go) => go());
    },
    count: (cmd) => fake.invoked.filter((i) => i.cmd === cmd).length,
  };

  fake.hits = [
    {
      kind: "transcript",
      id: "call-1",
      title: "Kai",
      snippet: "I am \u0002following\u0003 \u0002up\u0003 on the roof",
      created_at: new Date().toISOString(),
    },
  ];

  const pipeline: PipelineView = {
    stages: [
      { stage: "new", count: 1 },
      { stage: "contacted", count: 0 },
      { stage: "qualified", count: 1 },
      { stage: "converted", count: 0 },
      { stage: "lost", count: 0 },
    ],
    other: 0,
    total: 2,
  };

  const answer = (cmd: string, args: Record<string, unknown> | undefined): unknown => {
    switch (cmd) {
      case "app_info":
        return {
          version: "0.1.0",
          sandbox: fake.signedIn,
          account: fake.signedIn ? account : null,
          keyring_problem: null,
          sandbox_running: fake.sandboxRunning,
          settings_problem: fake.settingsProblem,
        };
      case "settings_recover":
        fake.settingsProblem = null;
        fake.signedIn = args?.how !== "start_fresh";
        return fake.signedIn ? account : null;
      case "dial_pending":
        return null;
      case "prefs_get":
        return fake.prefs;
      case "prefs_set":
        fake.prefs = args?.prefs as typeof fake.prefs;
        return null;
      case "autostart_get":
        return fake.autostart;
      case "autostart_set":
        fake.autostart = Boolean(args?.on);
        return fake.autostart;
      case "app_quit":
        return null;
      case "accounts_list":
        return fake.signedIn ? [account, ...fake.otherAccounts] : [];
      case "origin_consent_revoke":
        fake.otherAccounts = fake.otherAccounts.map((a) => (a.id === args?.id ? { ...a, origin_consent: null } : a));
        return null;
      case "account_sign_up":
        fake.signedIn = true;
        return {
          account,
          business_id: "biz-9",
          business_name: "Night Owl Plumbing",
          phone_number: "+15125550199",
          trial_ends_at: "2027-01-05T12:00:00Z",
          agent_id: "agent-9",
          agent_name: "Kai",
          phone_forward_to: null,
          dashboard_url: null,
        };
      case "account_explore_sandbox":
        fake.signedIn = true;
        return account;
      case "calls_list":
        return { items: fake.calls, next: null };
      case "call_get": {
        const found = fake.calls.find((c) => c.id === args?.id);
        if (!found) {
          throw { code: "not_cached", message: "not cached", may_have_taken_effect: false, retry: "later" };
        }
        return {
          call: found,
          quality:
            found.id === "call-1"
              ? [
                  { dimension: "professionalism", score: 92 },
                  { dimension: "information_gathering", score: 95 },
                ]
              : [],
          transcript: {
            call_id: found.id,
            agent_name: null,
            duration_seconds: null,
            summary: null,
            transcript: "Agent: Hello\nCaller: Hi there",
            created_at: null,
          },
        };
      }
      case "call_place": {
        const placed = call("call-new", "queued", { direction: "outbound", customer_name: "Jane Doe" });
        fake.calls = [placed, ...fake.calls];
        return { call_id: placed.id };
      }
      case "dial_check": {
        const to = (typeof args?.to === "string" ? args.to : "").replace(/[^\d+]/g, "");
        return {
          to: to.startsWith("+") ? to : `+1${to}`,
          recent_dials: fake.dialsTo,
          recent_calls: [],
          window_minutes: 10,
          lead_id: null,
        };
      }
      case "dials_uncertain":
        return fake.uncertain;
      case "dial_dismiss":
        fake.uncertain = fake.uncertain.filter((d) => d.request_id !== args?.requestId);
        return null;
      case "sms_send": {
        const text = (args?.text ?? {}) as { to: string; message: string; lead_id: string | null; agent_id: string };
        const sent = {
          message_sid: `SM${fake.texts.length + 1}`,
          to: text.to,
          from: "+15125550100",
          agent_id: text.agent_id,
          lead_id: text.lead_id,
          body: text.message.trim(),
          sent_at: new Date().toISOString(),
        };
        fake.texts = [sent, ...fake.texts];
        return sent;
      }
      case "lead_texts":
        return fake.texts.filter((t) => t.lead_id === args?.leadId);
      case "agents_list":
        return [agent];
      case "businesses_list":
        return [
          { id: "biz-1", name: "Smith Law" },
          { id: "biz-2", name: "Smith Law Houston" },
        ];
      case "numbers_list":
        return [];
      case "leads_list": {
        const stage = (args?.filter as { stage?: string | null } | undefined)?.stage ?? null;
        return { items: stage ? fake.leads.filter((l) => l.stage === stage) : fake.leads, next: null };
      }
      case "leads_pipeline":
        return pipeline;
      case "lead_get": {
        const found = fake.leads.find((l) => l.id === args?.id);
        return { lead: found, pending: [] };
      }
      case "lead_update": {
        // As the outbox lays an edit over the lead: lists show the new stage at once.
        const edit = args?.edit as { id: string; changes: Array<{ field: string; value: string | null }> } | undefined;
        const status = edit?.changes.find((c) => c.field === "status")?.value;
        if (edit && status) {
          fake.leads = fake.leads.map((l) =>
            l.id === edit.id ? { ...l, status, stage: status as LeadView["stage"] } : l,
          );
        }
        return { id: 1, changes: [], created_at: new Date().toISOString(), attempts: 0, error: null };
      }
      case "inbox_list":
        return fake.leads
          .filter((l) => l.stage === "new" && !fake.handled.has(`lead:${l.id}`))
          .map((l) => ({
            id: `lead:${l.id}`,
            kind: "new_lead",
            lead_id: l.id,
            call_id: null,
            name: l.name,
            phone: l.phone,
            status: l.status,
            summary: null,
            since: l.created_at ?? "2026-03-18T09:00:00Z",
          }));
      case "inbox_handle":
        fake.handled.add(String(args?.key));
        return null;
      case "leads_unread":
        return 2;
      case "search": {
        // Leads by name for the command palette; transcripts for the search screen.
        const request = args?.request as { query: string; kinds: string[] } | undefined;
        if (request?.kinds.includes("lead")) {
          const q = request.query.toLowerCase();
          const found = fake.leads
            .filter((l) => (l.name ?? "").toLowerCase().includes(q))
            .map((l) => ({ kind: "lead", id: l.id, title: l.name, snippet: "", created_at: l.created_at }));
          return { hits: found, total: found.length, capped: false };
        }
        const { offset = 0, limit = 50 } = (args?.request ?? {}) as { offset?: number; limit?: number };
        return { hits: fake.hits.slice(offset, offset + limit), total: fake.hits.length, capped: false };
      }
      case "dashboard": {
        const server = { kind: "server", read_at: new Date().toISOString() };
        const offline = { kind: "offline_copy", as_of: "2026-03-01T10:00:00Z", why: "unreachable", partial: false };
        const atHand = (args?.request as { at_hand?: boolean } | undefined)?.at_hand ?? false;
        const asking = { ...offline, why: "asking" };
        const origin = atHand ? asking : fake.sandboxRunning ? server : offline;
        const perf = {
          id: "agent-1",
          name: "Kai",
          calls: 2,
          completed: 1,
          avg_duration_seconds: 60,
          leads: 2,
          converted: 0,
          conversion_rate: 0,
        };
        return {
          days: (args?.request as { days: number }).days,
          business_id: null,
          totals: {
            origin,
            data: {
              calls: 2,
              completed: 1,
              total_duration_seconds: 120,
              avg_duration_seconds: 60,
              leads: 2,
              converted: 0,
              conversion_rate: 0,
              agents: 1,
            },
          },
          timeline: { origin, data: [{ date: "2026-03-01", total: 2, completed: 1, avg_duration_seconds: 60 }] },
          funnel: {
            origin,
            data: {
              total_leads: 2,
              lost: 0,
              stages: [{ stage: "new", count: 2, rate_from_top: 100, dropoff_rate: 0 }],
            },
          },
          agents: { origin, data: [perf] },
          weekly: {
            origin: {
              kind: "unknown",
              error: {
                code: "not_cached",
                message: "The offline copy has no leads yet.",
                may_have_taken_effect: false,
                retry: "later",
              },
            },
            data: null,
          },
          businesses: { origin, data: [{ ...perf, id: "biz-1", name: "Smith Law" }] },
        };
      }
      case "sync_status":
        return {
          phase: fake.sandboxRunning ? "online" : "offline",
          last_success_at: new Date().toISOString(),
          last_error: null,
          pending_edits: 1,
          unreadable: fake.unreadable,
        };
      case "usage_kept": {
        // biz-1's trial ends in two days (the banner's case).
        const ends = new Date(Date.now() + 2 * 86_400_000 - 60_000).toISOString();
        return [
          {
            id: "biz-1",
            name: "Smith & Lee Law",
            subscription_status: "trialing",
            minutes_used: 12,
            phone_numbers: 1,
            trial_ends_at: ends,
            trial_days_left: 2,
          },
        ];
      }
      case "webhooks_view":
        return { local_url: "http://127.0.0.1:4011/hooks", public_url: null, businesses: [], help: "How it works." };
      case "sandbox_set_running":
        fake.sandboxRunning = Boolean(args?.running);
        return null;
      case "diagnostics_get":
        return "KaiCalls Desktop: 0.1.0\nOS: linux (x86_64)\nSync: online\n";
      case "log_folder_open":
        return null;
      case "sandbox_inbound_call":
        return { call_id: "call-in" };
      default:
        return null;
    }
  };

  // convertFileSrc as the Linux webview forms it (`recording://localhost/<id>`).
  mockConvertFileSrc("linux");
  mockIPC(
    async (cmd, args) => {
      const a = args as Record<string, unknown> | undefined;
      fake.invoked.push({ cmd, args: a });
      if (fake.held.has(cmd) || fake.holdIf(cmd, a)) {
        await new Promise<void>((go) => waiting.push(go));
      }
      const failure = fake.failures[cmd];
      if (failure) {
        throw failure;
      }
      return answer(cmd, a);
    },
    { shouldMockEvents: true },
  );
  return fake;
}

export async function emitCore(event: CoreEvent): Promise<void> {
  await emit("core-changed", event);
}

export async function emitNotificationOpened(leadId: string | null): Promise<void> {
  await emit("notification-opened", { lead_id: leadId });
}

export async function emitSession(accountId: string | null): Promise<void> {
  await emit("session-changed", { account_id: accountId });
}

export { clearMocks };
