//! Phone numbers, checked and normalised to E.164 before any request leaves.
//!
//! KaiCalls wants `+15125551234`; owners type `(512) 555-1234`. Parsing with
//! libphonenumber's rules (the `phonenumber` crate) rather than a regex means a national
//! format is read with the right country code, and a number that cannot exist (wrong
//! length, unassigned area code) is refused here, before a billed dial is attempted.
//!
//! ```
//! use kaicalls_api::phone::{normalize, Region};
//!
//! let us = Region::parse("US")?;
//! assert_eq!(normalize("(512) 555-1234", Some(us))?, "+15125551234");
//! assert_eq!(normalize("+44 20 7946 0958", Some(us))?, "+442079460958");
//! assert_eq!(normalize("+15125551234", None)?, "+15125551234");
//! assert_eq!(normalize("555-12", Some(us)).unwrap_err().code(), "invalid_phone_number");
//! # Ok::<(), kaicalls_api::Error>(())
//! ```

use std::fmt;

use phonenumber::Mode;
use phonenumber::country::Id;

use crate::error::{Error, Result};

/// A country whose national format numbers without `+` are read in (e.g. `US`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Region(Id);

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.0.as_ref())
    }
}

impl Region {
    /// A region from its two-letter ISO 3166 code (case-insensitive).
    pub fn parse(code: &str) -> Result<Region> {
        code.trim()
            .to_ascii_uppercase()
            .parse::<Id>()
            .map(Region)
            .map_err(|_| Error::config(format!("{code:?} is not a two-letter country code")))
    }

    /// The ISO code.
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

/// Parses `input` (E.164, or national format in `region`) and returns it as E.164.
/// Refuses text that is not a valid, dialable number.
pub fn normalize(input: &str, region: Option<Region>) -> Result<String> {
    let invalid = |reason: &str| Error::InvalidPhoneNumber {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    if region.is_none() && !trimmed.starts_with('+') {
        return Err(invalid(
            "include the country code (e.g. +1 for the US), or set a default region",
        ));
    }
    let number = phonenumber::parse(region.map(|r| r.0), trimmed).map_err(|e| {
        invalid(match e {
            phonenumber::ParseError::InvalidCountryCode => "the country code is not valid",
            phonenumber::ParseError::TooShortNsn | phonenumber::ParseError::TooShortAfterIdd => {
                "it is too short"
            }
            phonenumber::ParseError::TooLong => "it is too long",
            _ => "it is not a phone number",
        })
    })?;
    if number.extension().is_some() {
        return Err(invalid("extensions cannot be dialled by the AI agent"));
    }
    if !phonenumber::is_valid(&number) {
        return Err(invalid("no such number can exist in that country"));
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Option<Region> {
        Region::parse("us").ok()
    }

    #[test]
    fn national_and_international_formats() {
        for input in [
            "(512) 555-1234",
            "512-555-1234",
            "512.555.1234",
            "+1 512 555 1234",
            "1 (512) 555-1234",
            " +15125551234 ",
        ] {
            assert_eq!(
                normalize(input, us()).ok().as_deref(),
                Some("+15125551234"),
                "{input}"
            );
        }
        let gb = Region::parse("GB").ok();
        assert_eq!(
            normalize("020 7946 0958", gb).ok().as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn the_sandbox_magic_numbers_are_valid() {
        for n in [
            "+15125550001",
            "+15125550009",
            "+15125550100",
            "+15125550102",
        ] {
            assert_eq!(normalize(n, us()).ok().as_deref(), Some(n));
        }
    }

    #[test]
    fn refuses_what_cannot_be_dialled() {
        for input in [
            "",
            "hello",
            "555-12",
            "+1 512 555 12345678",
            "+999 1234 5678",
            "123",
        ] {
            let e = normalize(input, us()).err();
            assert_eq!(
                e.as_ref().map(|e| e.code().as_str()),
                Some("invalid_phone_number"),
                "{input}"
            );
        }
        assert!(normalize("5125551234", None).is_err());
        assert!(Region::parse("XX").is_err());
    }
}
