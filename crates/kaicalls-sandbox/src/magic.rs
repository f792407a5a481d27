//! Magic phone numbers: the last four digits of a number choose a simulated outcome, so
//! tests and demos can reach every documented path on purpose. Generated numbers (demo
//! data, the number pool, inbound callers) never end in 0000–0199, so they never collide
//! with these.

/// How a call to a number ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    /// Rings, is answered, talks, ends `completed`.
    Completed,
    /// Rings out: ends `no-answer`.
    NoAnswer,
    /// The carrier rejects it: ends `failed`.
    Failed,
}

fn last4(number: &str) -> &str {
    number.get(number.len().saturating_sub(4)..).unwrap_or("")
}

/// Outcome of a call to `to`: `…0001` no answer, `…0002` failed, anything else completes.
pub fn call_outcome(to: &str) -> CallOutcome {
    match last4(to) {
        "0001" => CallOutcome::NoAnswer,
        "0002" => CallOutcome::Failed,
        _ => CallOutcome::Completed,
    }
}

/// `…0009`: `POST /calls` answers 500 `call_failed` and places nothing.
pub fn dial_rejected(to: &str) -> bool {
    last4(to) == "0009"
}

/// `…0010`: `POST /calls` places the call (it rings and ends like any other), but its
/// answer is lost: the connection closes without a reply, as when the network fails after
/// the request arrived. The client cannot tell whether a call was placed.
pub fn answer_lost(to: &str) -> bool {
    last4(to) == "0010"
}

/// `…0100`: on the Do-Not-Call list (`number_on_dnc`).
pub fn on_dnc(to: &str) -> bool {
    last4(to) == "0100"
}

/// `…0101`: never opted in to SMS (`number_opted_out`).
pub fn opted_out(to: &str) -> bool {
    last4(to) == "0101"
}

/// `…0102`: Twilio fails to deliver (`sms_send_failed`).
pub fn sms_fails(to: &str) -> bool {
    last4(to) == "0102"
}

/// Whether a generated number must be skipped because it falls in the magic block.
pub fn is_reserved(number: &str) -> bool {
    last4(number)
        .parse::<u32>()
        .map(|n| n < 200)
        .unwrap_or(false)
}

/// E.164 as the API accepts it: `+`, a non-zero digit, then 7 to 14 more digits.
pub fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164() {
        assert!(is_e164("+15125551234"));
        assert!(!is_e164("15125551234"));
        assert!(!is_e164("+0512555"));
        assert!(!is_e164("+1 512 555 1234"));
        assert!(!is_e164("+1512"));
        assert!(!is_e164("+1234567890123456"));
    }

    #[test]
    fn magic() {
        assert_eq!(call_outcome("+15125550001"), CallOutcome::NoAnswer);
        assert_eq!(call_outcome("+15125550002"), CallOutcome::Failed);
        assert_eq!(call_outcome("+15125551234"), CallOutcome::Completed);
        assert!(is_reserved("+15125550199"));
        assert!(!is_reserved("+15125550200"));
    }
}
