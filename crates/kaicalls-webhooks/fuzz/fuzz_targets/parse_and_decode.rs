//! Signature header parsing, verification and payload decoding on arbitrary bytes: the
//! checks live in `kaicalls_webhooks::fuzzing::check`, shared with the ordinary tests.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kaicalls_webhooks::fuzzing::check(data);
});
