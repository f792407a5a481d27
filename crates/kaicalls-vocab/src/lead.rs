//! The lead pipeline's words: the statuses `PATCH /api/v1/leads` accepts and the fields it
//! lets a user change, listed once for the client, the offline copy, the sandbox and the UI.
//!
//! ```
//! use kaicalls_vocab::{LeadField, PipelineStage};
//!
//! assert_eq!(PipelineStage::parse(" Qualified "), Some(PipelineStage::Qualified));
//! assert_eq!(PipelineStage::parse("hot"), None);
//! assert_eq!(LeadField::parse("zip"), Some(LeadField::Zip));
//! assert_eq!(LeadField::FirstName.as_str(), "first_name");
//! ```

use serde::{Deserialize, Serialize};

use crate::call::Tone;

/// A lead's place in the pipeline (new → contacted → qualified → converted, or lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PipelineStage {
    /// Not contacted yet.
    New,
    /// Someone spoke with them.
    Contacted,
    /// A real prospect.
    Qualified,
    /// Became a customer.
    Converted,
    /// Gone.
    Lost,
}

impl PipelineStage {
    /// The stages in pipeline order.
    pub const ALL: [PipelineStage; 5] = [
        PipelineStage::New,
        PipelineStage::Contacted,
        PipelineStage::Qualified,
        PipelineStage::Converted,
        PipelineStage::Lost,
    ];

    /// The spelling the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineStage::New => "new",
            PipelineStage::Contacted => "contacted",
            PipelineStage::Qualified => "qualified",
            PipelineStage::Converted => "converted",
            PipelineStage::Lost => "lost",
        }
    }

    /// The stage a status names (trimmed, any case); `None` for anything else.
    pub fn parse(status: &str) -> Option<PipelineStage> {
        let status = status.trim();
        PipelineStage::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(status))
    }

    /// How the stage is shown.
    pub fn tone(self) -> Tone {
        match self {
            PipelineStage::New => Tone::Live,
            PipelineStage::Contacted => Tone::Neutral,
            PipelineStage::Qualified | PipelineStage::Converted => Tone::Ok,
            PipelineStage::Lost => Tone::Bad,
        }
    }
}

/// A field of a lead that `PATCH /api/v1/leads` lets the user change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LeadField {
    /// Full name.
    Name,
    /// First name.
    FirstName,
    /// Last name.
    LastName,
    /// Email address.
    Email,
    /// Phone number (E.164 once checked).
    Phone,
    /// Pipeline status ([`PipelineStage`]).
    Status,
    /// Where the lead came from.
    Source,
    /// Internal notes.
    Notes,
    /// Street address.
    Address,
    /// City.
    City,
    /// State.
    State,
    /// ZIP code.
    Zip,
}

impl LeadField {
    /// Every editable field, in the reference's order.
    pub const ALL: [LeadField; 12] = [
        LeadField::Name,
        LeadField::FirstName,
        LeadField::LastName,
        LeadField::Email,
        LeadField::Phone,
        LeadField::Status,
        LeadField::Source,
        LeadField::Notes,
        LeadField::Address,
        LeadField::City,
        LeadField::State,
        LeadField::Zip,
    ];

    /// The body key the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LeadField::Name => "name",
            LeadField::FirstName => "first_name",
            LeadField::LastName => "last_name",
            LeadField::Email => "email",
            LeadField::Phone => "phone",
            LeadField::Status => "status",
            LeadField::Source => "source",
            LeadField::Notes => "notes",
            LeadField::Address => "address",
            LeadField::City => "city",
            LeadField::State => "state",
            LeadField::Zip => "zip",
        }
    }

    /// The field a body key names, exactly; `None` for anything else.
    pub fn parse(key: &str) -> Option<LeadField> {
        LeadField::ALL.into_iter().find(|f| f.as_str() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match_serde() {
        for stage in PipelineStage::ALL {
            let json = serde_json::to_string(&stage).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", stage.as_str()));
            assert_eq!(
                PipelineStage::parse(&stage.as_str().to_uppercase()),
                Some(stage)
            );
        }
        for field in LeadField::ALL {
            let json = serde_json::to_string(&field).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
            assert_eq!(LeadField::parse(field.as_str()), Some(field));
        }
        assert_eq!(
            PipelineStage::parse("Lost").map(PipelineStage::tone),
            Some(Tone::Bad)
        );
        assert_eq!(LeadField::parse("Name"), None);
        assert_eq!(LeadField::parse("id"), None);
    }
}
