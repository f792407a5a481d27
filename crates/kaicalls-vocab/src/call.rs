//! What a call's status means. The server spells statuses several ways (`completed` and
//! `ended`, `in-progress`, `in_progress` and `started`, DESIGN.md's contract notes); every
//! crate and the UI ask this module what a spelling means, so "is this call still
//! going?" has one answer.
//!
//! ```
//! use kaicalls_vocab::{CallState, Tone};
//!
//! assert_eq!(CallState::of("in_progress"), CallState::InProgress);
//! assert!(CallState::of("started").is_active());
//! assert!(!CallState::of("ended").is_active());
//! // An unknown status is final: a wait never hangs on a spelling added later.
//! assert_eq!(CallState::of("voicemail"), CallState::Other);
//! assert_eq!(CallState::of("no-answer").tone(), Tone::Bad);
//! ```

use serde::{Deserialize, Serialize};

/// How a status is shown: the colour family of its chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Still going, or waiting for the user (a ringing call, a new lead).
    Live,
    /// Went well (a completed call, a qualified lead).
    Ok,
    /// Went badly (no answer, failed, a lost lead).
    Bad,
    /// Nothing to say (unknown, or a stage in between).
    Neutral,
}

/// A call status by meaning, whatever its spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    /// Accepted, not dialled yet.
    Queued,
    /// Dialling.
    Ringing,
    /// Connected (`in-progress`, `in_progress`, `started`).
    InProgress,
    /// Over, with a conversation (`completed`, `ended`).
    Completed,
    /// Rang out.
    NoAnswer,
    /// The line was busy.
    Busy,
    /// Could not be connected.
    Failed,
    /// Cancelled before it connected (`canceled`, `cancelled`).
    Canceled,
    /// A status this app does not know; counted as over.
    Other,
}

/// Folds a status spelling into one per meaning: trimmed, lower case, `_` and spaces as
/// `-`, `ended` as `completed` and `started` as `in-progress`. Unknown statuses keep
/// their (folded) spelling. The offline copy stores this form and filters on it, so it
/// must never change for a spelling already stored.
pub fn fold_call_status(status: &str) -> String {
    let folded = status.trim().to_lowercase().replace(['_', ' '], "-");
    match folded.as_str() {
        "ended" => "completed".to_owned(),
        "started" => "in-progress".to_owned(),
        _ => folded,
    }
}

impl CallState {
    /// Every state a filter can offer, in the order a call lives through them.
    pub const ALL: [CallState; 8] = [
        CallState::Queued,
        CallState::Ringing,
        CallState::InProgress,
        CallState::Completed,
        CallState::NoAnswer,
        CallState::Busy,
        CallState::Failed,
        CallState::Canceled,
    ];

    /// The meaning of a status as the server spelled it.
    pub fn of(status: &str) -> CallState {
        match fold_call_status(status).as_str() {
            "queued" => CallState::Queued,
            "ringing" => CallState::Ringing,
            "in-progress" => CallState::InProgress,
            "completed" => CallState::Completed,
            "no-answer" => CallState::NoAnswer,
            "busy" => CallState::Busy,
            "failed" => CallState::Failed,
            "canceled" | "cancelled" => CallState::Canceled,
            _ => CallState::Other,
        }
    }

    /// The folded spelling ([`fold_call_status`]) of this state, as the offline copy
    /// stores it; `None` for [`CallState::Other`], which has many.
    pub fn folded(self) -> Option<&'static str> {
        Some(match self {
            CallState::Queued => "queued",
            CallState::Ringing => "ringing",
            CallState::InProgress => "in-progress",
            CallState::Completed => "completed",
            CallState::NoAnswer => "no-answer",
            CallState::Busy => "busy",
            CallState::Failed => "failed",
            CallState::Canceled => "canceled",
            CallState::Other => return None,
        })
    }

    /// Whether the call can still change: queued, ringing or connected. Anything else,
    /// unknown statuses included, is final.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            CallState::Queued | CallState::Ringing | CallState::InProgress
        )
    }

    /// How the status is shown.
    pub fn tone(self) -> Tone {
        match self {
            CallState::Queued | CallState::Ringing | CallState::InProgress => Tone::Live,
            CallState::Completed => Tone::Ok,
            CallState::NoAnswer | CallState::Busy | CallState::Failed | CallState::Canceled => {
                Tone::Bad
            }
            CallState::Other => Tone::Neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_the_contract_notes() {
        for s in [
            "queued",
            "ringing",
            "in-progress",
            "in_progress",
            "started",
            " Ringing ",
        ] {
            assert!(CallState::of(s).is_active(), "{s}");
        }
        for s in [
            "completed",
            "ended",
            "no-answer",
            "no_answer",
            "failed",
            "busy",
            "voicemail",
            "",
        ] {
            assert!(!CallState::of(s).is_active(), "{s}");
        }
        assert_eq!(CallState::of("cancelled"), CallState::Canceled);
        // The cases the UI's own copy of this rule was tested with, before it moved here.
        assert_eq!(CallState::of("no answer"), CallState::NoAnswer);
        assert_eq!(CallState::of("In_Progress").tone(), Tone::Live);
        assert_eq!(CallState::of("ended").tone(), Tone::Ok);
        assert_eq!(CallState::of("mystery").tone(), Tone::Neutral);
        assert_eq!(fold_call_status("In Progress"), "in-progress");
        assert_eq!(fold_call_status("Voice_Mail"), "voice-mail");
    }

    #[test]
    fn folded_spellings_read_back_as_their_state() {
        for state in CallState::ALL {
            let folded = state.folded().unwrap_or_default();
            assert_eq!(CallState::of(folded), state);
            assert_eq!(fold_call_status(folded), folded);
        }
        assert_eq!(CallState::Other.folded(), None);
    }
}
