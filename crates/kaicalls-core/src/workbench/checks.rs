//! The editor's checks, run before anything is sent: errors block saving, warnings are
//! shown and let it through.
//!
//! JSON is parsed here rather than in the webview because serde_json says where a syntax
//! error is (line and column) and WebKit's `JSON.parse` does not.

use serde::Serialize;
use serde_json::Value;

use super::settings::{AgentField, AgentSettings};

/// The longest prompt or message sent, in characters. KaiCalls documents no limit; real
/// prompts are a few thousand characters, and a paste of a whole file by mistake (300 KB)
/// should be caught here, not by the voice platform after an audit row and an email.
pub const MAX_PROMPT_CHARS: usize = 50_000;

/// The longest agent name.
pub const MAX_NAME_CHARS: usize = 120;

/// The enrichment variables KaiCalls fills in a prompt (`{{name}}`, ...).
pub const TEMPLATE_VARIABLES: &[&str] = &[
    "name",
    "lead_score",
    "lead_status",
    "interaction_count",
    "days_since_first_contact",
    "lead_source",
    "business_name",
    "business_phone",
    "time_of_day",
];

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks saving.
    Error,
    /// Shown; saving goes ahead.
    Warning,
}

/// One thing wrong with the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Problem {
    /// The field.
    pub field: AgentField,
    /// Error or warning.
    pub severity: Severity,
    /// For JSON: the line (1-based) where it is.
    pub line: Option<u32>,
    /// Plain words.
    pub message: String,
}

fn problem(field: AgentField, severity: Severity, message: String) -> Problem {
    Problem {
        field,
        severity,
        line: None,
        message,
    }
}

/// Every `{{…}}` in `text` that is not a known variable.
pub fn unknown_variables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !TEMPLATE_VARIABLES.contains(&name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

/// The label the UI shows for a field, for messages.
fn label(field: AgentField) -> &'static str {
    match field {
        AgentField::Name => "The name",
        AgentField::InboundPrompt => "The inbound prompt",
        AgentField::FirstMessage => "The first message",
        AgentField::OutboundPrompt => "The outbound prompt",
        AgentField::OutboundFirstMessage => "The outbound first message",
        AgentField::OutboundLlm => "The outbound model",
        AgentField::SmsPrompt => "The SMS prompt",
        AgentField::SmsLlm => "The SMS model",
        AgentField::Voice => "The voice",
        AgentField::Model => "The model",
        AgentField::Metadata => "The metadata",
        AgentField::VapiConfig => "The Vapi config",
    }
}

/// Checks the whole form. `required` lists the text fields that may not be empty.
pub fn check(settings: &AgentSettings, required: &[AgentField]) -> Vec<Problem> {
    use AgentField as F;
    let mut out = Vec::new();
    for field in AgentField::TEXT {
        let text = settings.text_of(field).unwrap_or_default();
        let chars = text.chars().count();
        let max = if field == F::Name {
            MAX_NAME_CHARS
        } else {
            MAX_PROMPT_CHARS
        };
        if required.contains(&field) && text.trim().is_empty() {
            out.push(problem(
                field,
                Severity::Error,
                format!("{} can't be empty.", label(field)),
            ));
        } else if chars > max {
            out.push(problem(
                field,
                Severity::Error,
                format!(
                    "{} is {chars} characters long; the most this app sends is {max}. Was \
                     something pasted by mistake?",
                    label(field)
                ),
            ));
        }
        if field.is_prompt() {
            for name in unknown_variables(text) {
                out.push(problem(
                    field,
                    Severity::Warning,
                    format!(
                        "{{{{{name}}}}} is not a variable KaiCalls fills in: callers would \
                         hear it as written. Known: {}.",
                        TEMPLATE_VARIABLES.join(", ")
                    ),
                ));
            }
        }
    }
    if settings
        .temperature
        .is_some_and(|t| !(0.0..=2.0).contains(&t))
    {
        out.push(problem(
            F::Model,
            Severity::Error,
            "The temperature must be between 0 and 2.".into(),
        ));
    }
    out.extend(check_object(F::Metadata, &settings.metadata).err());
    match check_object(F::VapiConfig, &settings.vapi_config) {
        Ok(Some(config)) => out.extend(super::vapi::check(&config)),
        Ok(None) => {}
        Err(p) => out.push(p),
    }
    out
}

/// Parses JSON object text (empty is none); a syntax error names its line.
fn check_object(
    field: AgentField,
    text: &str,
) -> Result<Option<serde_json::Map<String, Value>>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(_) => Err(problem(
            field,
            Severity::Error,
            format!("{} must be a JSON object: {{ … }}.", label(field)),
        )),
        Err(e) => Err(Problem {
            field,
            severity: Severity::Error,
            line: u32::try_from(e.line()).ok(),
            message: format!(
                "{} is not valid JSON: line {}, column {}: {}.",
                label(field),
                e.line(),
                e.column(),
                syntax_words(&e)
            ),
        }),
    }
}

/// serde_json's message without its own "at line … column …" tail.
fn syntax_words(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_variables_are_named_once() {
        assert_eq!(
            unknown_variables("Hi {{name}}, {{ frist_name }} {{frist_name}} {{time_of_day}}"),
            ["frist_name"]
        );
        assert!(unknown_variables("{{ unterminated").is_empty());
    }

    #[test]
    fn json_errors_name_their_line() {
        let settings = AgentSettings {
            name: "Kai".into(),
            vapi_config: "{\n  \"endCallMessage\": \"Bye\",\n  oops\n}".into(),
            ..Default::default()
        };
        let problems = check(&settings, &[AgentField::Name]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(3));
        assert!(problems[0].message.contains("line 3"));
    }

    #[test]
    fn empty_and_huge_text_are_errors() {
        let settings = AgentSettings {
            inbound_prompt: "x".repeat(300_000),
            ..Default::default()
        };
        let problems = check(&settings, &[AgentField::Name]);
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.severity)).collect();
        assert_eq!(
            fields,
            [
                (AgentField::Name, Severity::Error),
                (AgentField::InboundPrompt, Severity::Error)
            ]
        );
        assert!(problems[1].message.contains("300000 characters"));
    }
}
