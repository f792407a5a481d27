//! Replays the fuzz target's seed corpus (and any crash files saved next to it) through the
//! same checks the fuzzer runs, so every build tests them without libFuzzer, plus random
//! inputs in the fuzzer's layout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaicalls_webhooks::fuzzing::check;
use proptest::prelude::*;

#[test]
fn every_seed_passes_the_fuzz_checks() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/parse_and_decode");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        check(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n >= 6, "the seed corpus is in place ({n} files)");
}

proptest! {
    #[test]
    fn random_headers_and_bodies_pass_the_fuzz_checks(
        header in "[ -~]{0,120}",
        body in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut input = header.into_bytes();
        input.push(b'\n');
        input.extend(body);
        check(&input);
    }
}
