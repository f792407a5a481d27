// The business the app shows when the key reaches several: chosen in the top bar,
// remembered per account on this computer, applied to calls, leads, agents, the dashboard
// and the SDR pipeline. With one business there is nothing to choose: `id` stays null.
import type { BusinessView } from "../lib/bindings";
import { businessesList } from "./service";

export const business = $state<{ list: BusinessView[]; id: string | null; account: string | null }>({
  list: [],
  id: null,
  account: null,
});

const key = (account: string) => `kaicalls.business.${account}`;

/// Reads the account's businesses again (they arrive with the sync) and its remembered
/// choice; a business the key no longer reaches is no choice.
export async function loadBusinesses(account: string): Promise<void> {
  let list: BusinessView[];
  try {
    list = await businessesList();
  } catch {
    return;
  }
  if (business.account !== account) {
    business.account = account;
    business.id = null;
  }
  business.list = list;
  const remembered = localStorage.getItem(key(account));
  const chosen = business.id ?? remembered;
  business.id = list.length > 1 && list.some((b) => b.id === chosen) ? chosen : null;
}

export function chooseBusiness(id: string | null): void {
  business.id = id;
  if (business.account) {
    if (id) {
      localStorage.setItem(key(business.account), id);
    } else {
      localStorage.removeItem(key(business.account));
    }
  }
}

/// Whether `item` (an agent, a call, a lead) belongs to the chosen business, or none is chosen.
export const inChosenBusiness = (item: { business_id: string | null }) =>
  business.id === null || item.business_id === business.id;
