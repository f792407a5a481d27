//! The property the fuzz target (`fuzz/`) checks, kept here so ordinary tests can replay the
//! fuzzer's seeds and findings without libFuzzer.
//!
//! Input layout: everything before the first `\n` is the `X-KaiCalls-Signature` header
//! (lossy UTF-8), the rest is the body. The checks: parsing, verifying and decoding never
//! panic; whatever parses has a timestamp and at least one `v1`; a decoded event is one of
//! the known types and agrees with the event header; a body signed with any key verifies
//! under that key and not under another; a probe is never also an ingestible event.

use crate::event::decode;
use crate::probe::parse_probe;
use crate::signature::{parse_header, sign_header, verify};

/// Runs every check on one input; panics (which the fuzzer reports) when one fails.
#[allow(clippy::panic)]
pub fn check(data: &[u8]) {
    let (head, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let header = String::from_utf8_lossy(head);

    if let Ok(parsed) = parse_header(&header) {
        if parsed.v1.is_empty() {
            panic!("parsed a header with no v1 entry: {header:?}");
        }
        // Verifying at the header's own time exercises the MAC path, never the clock.
        let _ = verify(head, &header, body, parsed.timestamp, 0);
    }

    let mut ts = [0u8; 4];
    for (to, from) in ts.iter_mut().zip(head) {
        *to = *from;
    }
    let timestamp = i64::from(u32::from_le_bytes(ts));
    let signed = sign_header(head, timestamp, body);
    if verify(head, &signed, body, timestamp, 0).is_err() {
        panic!("a freshly signed body did not verify");
    }
    let mut other_key = head.to_vec();
    other_key.push(0x5a);
    if verify(&other_key, &signed, body, timestamp, 0).is_ok() {
        panic!("a signature verified under another key");
    }

    let event_header = header.trim();
    let as_header = (!event_header.is_empty()).then_some(event_header);
    for candidate in [None, as_header] {
        if let Ok(event) = decode(candidate, body) {
            let name = event.name();
            if !matches!(
                name,
                "lead.created" | "lead.scored" | "call.completed" | "call.failed"
            ) {
                panic!("decoded an unknown event {name}");
            }
            if candidate.is_some_and(|h| h != name) {
                panic!("decoded {name} although the header said {candidate:?}");
            }
        }
    }
    if parse_probe(body).is_some() && decode(None, body).is_ok() {
        panic!("a body is both a probe and an ingestible event");
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn holds_for_edge_inputs() {
        for input in [
            &b""[..],
            b"\n",
            b"t=1,v1=00\n{}",
            b"t=1,v1=0000000000000000000000000000000000000000000000000000000000000000\n{\"event\":\"lead.created\"}",
            b"lead.created\n{\"event\":\"lead.created\",\"timestamp\":\"t\",\"business_id\":\"b\",\"data\":{\"id\":\"l\"}}",
            b"x\n{\"event\":\"kaicalls_desktop.probe\",\"nonce\":\"n\"}",
            b"\xff\xfe\n\xff",
        ] {
            check(input);
        }
    }
}
