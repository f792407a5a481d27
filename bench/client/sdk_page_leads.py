"""Pages every lead through the official KaiCalls Python SDK (`pip install kaicalls`).

python sdk_page_leads.py <base_url> [rounds]   (the key in KAICALLS_BENCH_KEY)

Prints one JSON line: {"seconds": [...], "leads": N}, timed in the process, as
crates/kaicalls-api/examples/page_leads.rs does for our client.

The SDK's `leads.list` has no `after` parameter (kaicalls 0.1.0), though the reference
pages leads with it; so each page is asked for through the SDK's own request layer
(`_http.request`: its requests session, error handling and KaiObject wrapping) with the
documented `after` cursor, which is what its `leads.list` would send if it had one.
"""

import json
import os
import sys
import time

from kaicalls import KaiCalls


def page_all(client):
    after = None
    count = 0
    while True:
        query = {"limit": 100}
        if after:
            query["after"] = after
        page = client._http.request("GET", "/api/v1/leads", query=query)
        leads = page.leads
        count += len(leads)
        if not page.has_more or not leads:
            return count
        after = leads[-1].created_at


def main():
    base_url = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    client = KaiCalls(os.environ["KAICALLS_BENCH_KEY"], base_url=base_url)
    seconds = []
    count = 0
    for _ in range(rounds):
        start = time.perf_counter()
        count = page_all(client)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "leads": count}))


if __name__ == "__main__":
    main()
