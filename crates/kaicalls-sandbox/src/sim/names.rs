//! Word lists for simulated people and places.

use rand::Rng;
use rand::seq::IndexedRandom;

pub const FIRST: &[&str] = &[
    "Jane", "John", "Maria", "David", "Aisha", "Carlos", "Emily", "Michael", "Priya", "James",
    "Sofia", "Robert", "Linda", "Wei", "Fatima", "Daniel", "Grace", "Omar", "Hannah", "Luis",
    "Chloe", "Ethan", "Zoë", "Mateo", "Olivia", "Noah", "Amara", "Liam", "Yuki", "Isabel",
];

pub const LAST: &[&str] = &[
    "Doe",
    "Smith",
    "Garcia",
    "Nguyen",
    "Johnson",
    "Patel",
    "Williams",
    "Brown",
    "Kim",
    "Martinez",
    "Okafor",
    "Lee",
    "Anderson",
    "Rodríguez",
    "Chen",
    "Taylor",
    "Thomas",
    "Moore",
    "Hernández",
    "O'Brien",
    "Walker",
    "Hall",
    "Young",
    "Müller",
    "Cohen",
];

pub const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "Congress Ave",
    "Lamar Blvd",
    "Cedar Ln",
    "Riverside Dr",
    "5th St",
];

pub const CITIES: &[(&str, &str, &str)] = &[
    ("Austin", "TX", "78701"),
    ("Round Rock", "TX", "78664"),
    ("Houston", "TX", "77002"),
    ("San Marcos", "TX", "78666"),
    ("Georgetown", "TX", "78626"),
];

pub const SOURCES: &[&str] = &[
    "inbound_call",
    "inbound_call",
    "inbound_call",
    "website",
    "referral",
    "google_ads",
    "facebook",
    "outbound_call",
    "trial_signup",
];

/// A random `(first, last)` pair.
pub fn person(rng: &mut impl Rng) -> (String, String) {
    (
        FIRST.choose(rng).copied().unwrap_or("Alex").to_string(),
        LAST.choose(rng).copied().unwrap_or("Morgan").to_string(),
    )
}

/// A random US number outside the magic block (see `magic`).
pub fn phone(rng: &mut impl Rng) -> String {
    let area = [512, 737, 713, 281, 210]
        .choose(rng)
        .copied()
        .unwrap_or(512);
    format!("+1{area}555{:04}", rng.random_range(200..10_000))
}

/// An email address for a person.
pub fn email(first: &str, last: &str) -> String {
    let clean = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    format!("{}.{}@example.com", clean(first), clean(last))
}
