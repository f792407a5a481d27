//! The generated corpus: receptionist calls for eight kinds of small business, with
//! names, times and reference numbers, about 1.2 KB of text each. Deterministic.

use std::time::{Duration, Instant};

use kaicalls_store::{Collection, Store, SyncState};
use serde_json::{Value, json};

/// splitmix64: deterministic, so every run indexes the same corpus.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST_NAMES: &[&str] = &[
    "John", "Maria", "David", "Aisha", "Chen", "Priya", "Carlos", "Emily", "Olu", "Sofia", "Liam",
    "Noah", "Fatima", "Kenji", "Hannah", "Mateo", "Zoë", "José", "Grace", "Omar", "Thaddeus",
    "Ingrid", "Ravi", "Lucia", "Marcus", "Yara", "Elena", "Tomás", "Wei", "Nadia",
];

struct Trade {
    business: &'static str,
    needs: &'static [&'static str],
    details: &'static [&'static str],
}

const TRADES: &[Trade] = &[
    Trade {
        business: "Smith Law",
        needs: &[
            "help with estate planning",
            "a will for my parents",
            "advice after a car accident",
            "a consultation about a divorce",
            "someone to review a lease",
        ],
        details: &[
            "Do you handle probate as well?",
            "The accident happened on the highway last week.",
            "My landlord is keeping the deposit.",
            "We need power of attorney documents too.",
        ],
    },
    Trade {
        business: "Smile Dental",
        needs: &[
            "a cleaning appointment",
            "a checkup for my son",
            "help with a broken tooth",
            "information about whitening",
            "an emergency appointment",
        ],
        details: &[
            "Do you take Delta Dental insurance?",
            "The tooth started hurting yesterday.",
            "We are new patients.",
            "Is there parking near the office?",
        ],
    },
    Trade {
        business: "Rapid Plumbing",
        needs: &[
            "someone to fix a leaking pipe",
            "a water heater replacement",
            "help with a clogged drain",
            "a quote for new bathroom fixtures",
            "an emergency plumber",
        ],
        details: &[
            "The kitchen sink is leaking under the cabinet.",
            "There is no hot water since this morning.",
            "The basement has some water on the floor.",
            "It is a two story house built in 1985.",
        ],
    },
    Trade {
        business: "Cool Air HVAC",
        needs: &[
            "air conditioning repair",
            "a furnace tune-up",
            "a quote for a heat pump",
            "someone to check the thermostat",
            "duct cleaning",
        ],
        details: &[
            "The unit is making a loud rattling noise.",
            "It is blowing warm air.",
            "We have a Carrier system about ten years old.",
            "The filter was changed last month.",
        ],
    },
    Trade {
        business: "Sunset Realty",
        needs: &[
            "to schedule a showing",
            "a valuation of my house",
            "information about a listing",
            "help buying my first home",
            "to list a condo",
        ],
        details: &[
            "We are pre-approved for a mortgage.",
            "The listing on Maple Street looks perfect.",
            "We need three bedrooms and a yard.",
            "Our lease ends in two months.",
        ],
    },
    Trade {
        business: "Bright Insurance",
        needs: &[
            "a quote for auto insurance",
            "to file a claim",
            "to add a driver to my policy",
            "home insurance options",
            "to update my billing",
        ],
        details: &[
            "My policy number is on the renewal letter.",
            "Someone hit my parked car.",
            "My daughter just got her license.",
            "We bought a house in the spring.",
        ],
    },
    Trade {
        business: "Happy Paws Vet",
        needs: &[
            "a vaccination appointment",
            "help with a sick dog",
            "to book a grooming",
            "a dental cleaning for my cat",
            "advice about a new puppy",
        ],
        details: &[
            "He has not been eating since Tuesday.",
            "She is due for the rabies shot.",
            "The puppy is eight weeks old.",
            "Can you do nail trimming too?",
        ],
    },
    Trade {
        business: "Precision Auto",
        needs: &[
            "an oil change",
            "brake repair",
            "a check engine light diagnosis",
            "new tires",
            "a state inspection",
        ],
        details: &[
            "The brakes are squeaking when I stop.",
            "It is a 2016 Honda Civic.",
            "The light came on after I filled up.",
            "Can I wait while you work on it?",
        ],
    },
];

const ASIDES: &[&str] = &[
    "Sure, I can help with that.",
    "Let me check the schedule for you.",
    "Could I get your phone number in case we get disconnected?",
    "What is the best email to send the confirmation to?",
    "We have an opening on Tuesday at ten or Thursday at three.",
    "The price depends on what the technician finds, but the visit fee is eighty nine dollars.",
    "I have noted that for the team.",
    "Is there anything else I can help you with today?",
    "Our office is open Monday through Saturday.",
    "I will text you a reminder the day before.",
];

const AGENT_NAMES: &[&str] = &["Kai", "Ava", "Max", "Zoe", "Sam"];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

pub fn transcript(rng: &mut Rng, i: usize) -> Value {
    let trade = &TRADES[rng.below(TRADES.len())];
    let name = rng.pick(FIRST_NAMES);
    let need = rng.pick(trade.needs);
    let day = rng.pick(DAYS);
    let mut text = format!(
        "Agent: Thank you for calling {}, this is Kai. How can I help you today?\nCaller: Hi, my name is {name}. I am looking for {need}.\n",
        trade.business
    );
    let turns = 4 + rng.below(10);
    for _ in 0..turns {
        text.push_str("Agent: ");
        text.push_str(rng.pick(ASIDES));
        text.push_str("\nCaller: ");
        text.push_str(rng.pick(trade.details));
        text.push('\n');
    }
    text.push_str(&format!(
        "Agent: Great, {name}, you are booked for {day} at {}:{:02}. Your reference number is KC{:06}.\nCaller: Perfect, thank you so much.\nAgent: You're welcome, goodbye!",
        8 + rng.below(9),
        15 * rng.below(4),
        i
    ));
    json!({
        "call_id": format!("call-{i:07}"),
        "conversation_id": format!("vapi-conv-{i}"),
        "agent_id": format!("agent-{}", i % 5),
        "agent_name": AGENT_NAMES[i % AGENT_NAMES.len()],
        "status": if rng.below(10) == 0 { "no-answer" } else { "ended" },
        "duration": 30 + rng.below(400),
        "summary": format!("{name} called {} about {need}; booked for {day}.", trade.business),
        "transcript": text,
        "created_at": created_at(i),
    })
}

/// When item `i` of the corpus was created: from 2026-01-01, about every 1.5 minutes.
/// Call `i` and transcript `i` are the same call.
pub fn created(i: usize) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_767_225_600 + (i as i64) * 97, 0).unwrap()
}

/// [`created`] as the server writes it.
pub fn created_at(i: usize) -> String {
    created(i).to_rfc3339()
}

const CALL_STATUSES: &[&str] = &[
    "ended",
    "ended",
    "ended",
    "ended",
    "ended",
    "ended",
    "ended",
    "no-answer",
    "busy",
    "failed",
];

const LEAD_STATUSES: &[&str] = &[
    "new",
    "new",
    "new",
    "contacted",
    "contacted",
    "qualified",
    "converted",
    "lost",
];

const LEAD_SOURCES: &[&str] = &["inbound_call", "outbound_call", "web_form", "referral"];

/// A call as the list route sends it; every second call is linked to a lead
/// (`lead-{i/2}`, see [`lead`]). `rng` is a stream of its own, so the transcripts do not
/// change with it.
pub fn call(rng: &mut Rng, i: usize) -> Value {
    let name = rng.pick(FIRST_NAMES);
    let status = rng.pick(CALL_STATUSES);
    json!({
        "id": format!("call-{i:07}"),
        "conversation_id": format!("vapi-conv-{i}"),
        "status": status,
        "direction": if rng.below(5) < 3 { "inbound" } else { "outbound" },
        "duration": if status == "ended" { 30 + rng.below(400) } else { 0 },
        "agent_id": format!("agent-{}", i % 5),
        "agent_name": AGENT_NAMES[i % AGENT_NAMES.len()],
        "business_id": "biz-1",
        "lead_id": (i % 2 == 0).then(|| format!("lead-{:07}", i / 2)),
        "to": format!("+1512555{:04}", rng.below(10_000)),
        "name": name,
        "created_at": created_at(i),
    })
}

/// Lead `j`, created with call `2 j`.
pub fn lead(rng: &mut Rng, j: usize) -> Value {
    let first = rng.pick(FIRST_NAMES);
    let trade = &TRADES[rng.below(TRADES.len())];
    let created = created_at(2 * j);
    json!({
        "id": format!("lead-{j:07}"),
        "name": format!("{first} Example{j}"),
        "first_name": first,
        "last_name": format!("Example{j}"),
        "email": format!("lead{j}@example.com"),
        "phone": format!("+1512555{:04}", rng.below(10_000)),
        "status": rng.pick(LEAD_STATUSES),
        "source": rng.pick(LEAD_SOURCES),
        "agent_id": format!("agent-{}", (2 * j) % 5),
        "agent_name": AGENT_NAMES[(2 * j) % AGENT_NAMES.len()],
        "business_id": "biz-1",
        "notes": format!("Asked for {}.", rng.pick(trade.needs)),
        "score": rng.below(100),
        "updated_at": created,
        "created_at": created,
    })
}

/// Items per page written while filling.
pub const PAGE: usize = 500;

/// Writes items `0..n` of a generated collection a page at a time, as a sync does. With
/// `KAICALLS_BENCH_DIR`, pages an earlier run already wrote are generated (to keep `rng`
/// in step) but not written again.
pub fn fill(
    store: &mut Store,
    collection: Collection,
    n: usize,
    mut rng: Rng,
    mut item: impl FnMut(&mut Rng, usize) -> Value,
) -> Duration {
    let already = store.sync_state(collection).unwrap().backfill_done as usize;
    let started = Instant::now();
    for start in (0..n).step_by(PAGE) {
        let items: Vec<Value> = (start..(start + PAGE).min(n))
            .map(|i| item(&mut rng, i))
            .collect();
        if start + PAGE <= already {
            continue;
        }
        let state = SyncState {
            cursor: items
                .last()
                .and_then(|v| v["created_at"].as_str())
                .map(str::to_owned),
            backfill_done: (start + items.len()) as i64,
            backfill_total: Some(n as i64),
            ..SyncState::default()
        };
        store.write_page(collection, &items, &state).unwrap();
    }
    started.elapsed()
}
