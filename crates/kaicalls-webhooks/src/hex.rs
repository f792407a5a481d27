//! 64 hex digits to 32 bytes, on every delivery (the `v1` signature, the dedup key): a
//! table and one check at the end, without a branch per digit (random digits and letters
//! mispredict), where `hex::decode_to_slice` goes through an iterator per digit.

/// `digits`' characters in `table`'s order, each byte's value as a digit or `0xff`.
const fn table(digits: &[u8]) -> [u8; 256] {
    let mut table = [0xff_u8; 256];
    let mut i = 0;
    while i < digits.len() {
        table[digits[i] as usize] = (i % 16) as u8;
        i += 1;
    }
    table
}

/// Either case.
const ANY_CASE: [u8; 256] = table(b"0123456789abcdef0123456789ABCDEF");
/// Lower case only: one spelling per key, so equal keys stay equal strings.
const LOWER: [u8; 256] = table(b"0123456789abcdef");

/// Exactly 64 hex digits (either case) as 32 bytes, or `None`.
pub(crate) fn hex32(text: &str) -> Option<[u8; 32]> {
    decode(text, &ANY_CASE)
}

/// Exactly 64 lower-case hex digits as 32 bytes, or `None`.
pub(crate) fn lower_hex32(text: &str) -> Option<[u8; 32]> {
    decode(text, &LOWER)
}

fn decode(text: &str, table: &[u8; 256]) -> Option<[u8; 32]> {
    let digits: &[u8; 64] = text.as_bytes().try_into().ok()?;
    let mut out = [0u8; 32];
    let mut invalid = 0u8;
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let (hi, lo) = (table[usize::from(pair[0])], table[usize::from(pair[1])]);
        invalid |= hi | lo;
        *byte = (hi << 4) | (lo & 0x0f);
    }
    // Valid digits are below 16; 0xff sets the high bits.
    (invalid & 0xf0 == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_only_where_asked() {
        let lower = "00ff".repeat(16);
        assert_eq!(lower_hex32(&lower), hex32(&lower));
        assert!(hex32(&lower.to_uppercase()).is_some());
        assert!(lower_hex32(&lower.to_uppercase()).is_none());
    }
}
