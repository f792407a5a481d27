// The leads domain's way to Rust: the only code here that calls the generated commands.
// Each function answers the value or throws an AppError (lib/api.ts).
import { commands, type LeadEdit, type LeadFilter, type PageRequest } from "../lib/bindings";
import { unwrap } from "../lib/api";

export const listLeads = (filter: LeadFilter, page: PageRequest) => unwrap(commands.leadsList(filter, page));

/// How many leads each pipeline stage has under `filter` (its status is ignored).
export const pipelineCounts = (filter: LeadFilter) => unwrap(commands.leadsPipeline(filter));

/// The lead as the user left it: pending edits laid over, and the edits themselves.
export const getLead = (id: string) => unwrap(commands.leadGet(id));

/// Queues an edit in the outbox; sync sends it. Only the changed fields are non-null.
export const updateLead = (edit: LeadEdit) => unwrap(commands.leadUpdate(edit));

export const countUnread = () => unwrap(commands.leadsUnread());
export const markSeen = () => unwrap(commands.leadsMarkSeen());

/// Saves the leads as filtered (pending edits laid over) to a CSV file the user picks.
export const exportLeads = (leads: LeadFilter) => unwrap(commands.exportCsv({ kind: "leads", calls: null, leads }));
