//! Checks of `vapi_config`, the Vapi assistant settings KaiCalls passes through as given.
//!
//! The reference names the fields it documents; a wrong type there is an error (Vapi would
//! refuse it after KaiCalls already wrote its audit row), an unknown key only a warning
//! (Vapi has more fields than the reference lists, and "any valid Vapi field is accepted").

use serde_json::{Map, Value};

use super::checks::{Problem, Severity};
use super::settings::AgentField;

/// The JSON type a field must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Object,
    Number,
    Text,
    TextList,
}

/// The fields the reference documents, and their types.
const FIELDS: &[(&str, Kind)] = &[
    ("stopSpeakingPlan", Kind::Object),
    ("startSpeakingPlan", Kind::Object),
    ("endCallPhrases", Kind::TextList),
    ("endCallMessage", Kind::Text),
    ("transcriber", Kind::Object),
    ("analysisPlan", Kind::Object),
    ("artifactPlan", Kind::Object),
    ("backgroundSpeechDenoisingPlan", Kind::Object),
    ("monitorPlan", Kind::Object),
    ("silenceTimeoutSeconds", Kind::Number),
    ("maxDurationSeconds", Kind::Number),
];

/// The parts of `stopSpeakingPlan` the reference shows.
const STOP_SPEAKING: &[(&str, Kind)] = &[
    ("numWords", Kind::Number),
    ("voiceSeconds", Kind::Number),
    ("backoffSeconds", Kind::Number),
    ("interruptionPhrases", Kind::TextList),
    ("acknowledgementPhrases", Kind::TextList),
];

fn fits(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Object => v.is_object(),
        Kind::Number => v.as_f64().is_some_and(|n| n >= 0.0),
        Kind::Text => v.is_string(),
        Kind::TextList => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
    }
}

fn words(kind: Kind) -> &'static str {
    match kind {
        Kind::Object => "an object { … }",
        Kind::Number => "a number of 0 or more",
        Kind::Text => "text in quotes",
        Kind::TextList => "a list of texts: [\"…\", \"…\"]",
    }
}

fn error(message: String) -> Problem {
    Problem {
        field: AgentField::VapiConfig,
        severity: Severity::Error,
        line: None,
        message,
    }
}

/// Problems in a parsed `vapi_config`.
pub fn check(config: &Map<String, Value>) -> Vec<Problem> {
    let mut out = Vec::new();
    for (key, value) in config {
        let Some((_, kind)) = FIELDS.iter().find(|(name, _)| name == key) else {
            out.push(Problem {
                severity: Severity::Warning,
                ..error(format!(
                    "{key} is not one of the Vapi fields KaiCalls documents. It is sent as \
                     it is; check its spelling (names are camelCase)."
                ))
            });
            continue;
        };
        if !fits(*kind, value) {
            out.push(error(format!("{key} must be {}.", words(*kind))));
            continue;
        }
        if key == "stopSpeakingPlan" {
            for (part, kind) in STOP_SPEAKING {
                if value.get(*part).is_some_and(|v| !fits(*kind, v)) {
                    out.push(error(format!(
                        "stopSpeakingPlan.{part} must be {}.",
                        words(*kind)
                    )));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(v: Value) -> Vec<(Severity, String)> {
        let Value::Object(m) = v else { panic!() };
        check(&m)
            .into_iter()
            .map(|p| (p.severity, p.message))
            .collect()
    }

    #[test]
    fn documented_fields_are_typed_and_unknown_keys_warned() {
        assert!(
            problems(json!({
                "stopSpeakingPlan": { "numWords": 2, "interruptionPhrases": ["stop"] },
                "endCallPhrases": ["goodbye"], "silenceTimeoutSeconds": 20
            }))
            .is_empty()
        );
        let found = problems(json!({
            "silenceTimeoutSeconds": "20",
            "endCallPhrases": "goodbye",
            "stopSpeakingPlan": { "numWords": "two" },
            "silenceTimeout": 20
        }));
        let count = |s| found.iter().filter(|(x, _)| *x == s).count();
        assert_eq!(
            (count(Severity::Error), count(Severity::Warning)),
            (3, 1),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(_, m)| m.contains("stopSpeakingPlan.numWords"))
        );
    }
}
