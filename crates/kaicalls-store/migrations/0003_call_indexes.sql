-- Version 3: the call-volume chart reads only index pages; a lead's calls, and the calls
-- whose details were never read, are one index range each.
--
-- The chart sums calls, completed calls and durations per day over up to 90 days. With
-- the version 1 indexes each call in the window cost a lookup of its table row (rows hold
-- the raw JSON, so they are large and spread out): 80k calls in 90 days took 60-160 ms.
-- Carrying `status_norm` and `duration` in the two indexes the chart walks (all calls by
-- time, one agent's calls by time) makes them covering: about 12 ms. The lists still use
-- them as before; their key prefix is unchanged.

DROP INDEX calls_by_time;
CREATE INDEX calls_by_time ON calls (created_ms, id, status_norm, duration);
DROP INDEX calls_by_agent;
CREATE INDEX calls_by_agent ON calls (agent_id, created_ms, id, status_norm, duration);

-- A lead's calls, newest first (the lead detail's call history).
CREATE INDEX calls_by_lead ON calls (lead_id, created_ms, id);

-- Calls the cache has only in the list's shape: the details route names the direction and
-- the business, the list neither. Sync reads their details in the background, newest
-- first (kaicalls-core's sync::details); partial, so it empties as that reading goes on and
-- asking for more costs nothing once every call has its details.
CREATE INDEX calls_without_details ON calls (created_ms, id)
WHERE direction IS NULL AND business_id IS NULL;
