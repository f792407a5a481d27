//! The simulated side of an eval run: what the agent answers, and how each judge grades
//! that answer.
//!
//! KaiCalls runs a scenario against the agent's Vapi assistant and grades every assistant
//! turn with an exact, regex or LLM judge. The sandbox has no LLM, so both halves are
//! deterministic local rules (documented in the crate README). They are real rules, not
//! canned verdicts: editing a scenario's judge or the agent's prompt changes the outcome.

use regex::{Regex, RegexBuilder};
use serde_json::{Value, json};

/// Largest compiled regex a judge may use; a scenario is text a client controls.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Who is answering: the parts of an agent the reply depends on.
pub struct Persona<'a> {
    pub agent_name: &'a str,
    pub business_name: &'a str,
    /// The inbound prompt (evals run the assistant as if it had answered a call).
    pub prompt: &'a str,
    pub first_message: &'a str,
}

/// A parsed `judgePlan`.
#[derive(Debug)]
pub enum Judge {
    /// Passes iff the trimmed reply equals the trimmed content.
    Exact(String),
    /// Passes iff the pattern matches somewhere in the reply.
    Regex(Box<Regex>),
    /// The rubric: the system messages of `judgePlan.model.messages`, joined.
    Ai(String),
}

/// Reads a `judgePlan`; the error says which part is wrong (for `validation_error`).
pub fn parse(plan: &Value) -> Result<Judge, String> {
    let Some(plan) = plan.as_object() else {
        return Err("judgePlan must be an object".into());
    };
    let content = || match plan.get("content") {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err("judgePlan.content must be a non-empty string".to_string()),
    };
    match plan.get("type").and_then(Value::as_str) {
        Some("exact") => Ok(Judge::Exact(content()?)),
        Some("regex") => RegexBuilder::new(&content()?)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|r| Judge::Regex(Box::new(r)))
            .map_err(|e| format!("judgePlan.content is not a valid regex: {e}")),
        Some("ai") => rubric(plan.get("model")).map(Judge::Ai),
        _ => Err("judgePlan.type must be one of: exact, regex, ai".into()),
    }
}

fn rubric(model: Option<&Value>) -> Result<String, String> {
    let messages = model
        .and_then(|m| m.get("messages"))
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or("an ai judgePlan needs model.messages (a non-empty array)")?;
    let mut system = Vec::new();
    for m in messages {
        let role = m.get("role").and_then(Value::as_str);
        let content = m.get("content").and_then(Value::as_str);
        match (role, content) {
            (Some("system"), Some(c)) => system.push(c),
            (Some(_), Some(_)) => {}
            _ => {
                return Err("judgePlan.model.messages items need a role and string content".into());
            }
        }
    }
    if system.iter().all(|c| c.trim().is_empty()) {
        return Err("an ai judgePlan needs a system message with the rubric".into());
    }
    Ok(system.join("\n"))
}

/// Phrases in double quotes (straight or curly) in a rubric.
pub fn quoted_phrases(rubric: &str) -> Vec<String> {
    let normalized = rubric.replace(['\u{201c}', '\u{201d}'], "\"");
    normalized
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Refusals the `ai` judge fails when its rubric names no phrases.
const REFUSALS: &[&str] = &["i can't help", "i cannot help", "i can\u{2019}t help"];

/// Whether `reply` passes `judge`.
pub fn passes(judge: &Judge, reply: &str) -> bool {
    match judge {
        Judge::Exact(want) => reply.trim() == want.trim(),
        Judge::Regex(re) => re.is_match(reply),
        Judge::Ai(rubric) => {
            let reply_lc = reply.to_lowercase();
            let phrases = quoted_phrases(rubric);
            if phrases.is_empty() {
                !reply.trim().is_empty() && !REFUSALS.iter().any(|r| reply_lc.contains(r))
            } else {
                phrases.iter().all(|p| reply_lc.contains(&p.to_lowercase()))
            }
        }
    }
}

/// Plays a scenario: user turns are replayed, each assistant turn gets the simulated
/// reply and is judged. Returns whether every assistant turn passed and the run's
/// `results` entry.
pub fn play(persona: &Persona<'_>, messages: &[Value]) -> (bool, Value) {
    let mut transcript = Vec::with_capacity(messages.len());
    let mut passed = true;
    let mut last_user: Option<&str> = None;
    for turn in messages {
        match turn.get("role").and_then(Value::as_str) {
            Some("user") => {
                let content = turn.get("content").and_then(Value::as_str).unwrap_or("");
                last_user = Some(content);
                transcript.push(json!({ "role": "user", "content": content }));
            }
            Some("assistant") => {
                let answer = reply(persona, last_user);
                // Scenarios are validated when stored, so a plan that no longer parses
                // (hand-edited state file) fails its turn rather than the run.
                let ok = turn
                    .get("judgePlan")
                    .map(parse)
                    .is_some_and(|j| j.is_ok_and(|j| passes(&j, &answer)));
                passed &= ok;
                transcript.push(json!({ "role": "assistant", "content": answer }));
            }
            _ => {}
        }
    }
    let status = if passed { "pass" } else { "fail" };
    (passed, json!({ "status": status, "messages": transcript }))
}

/// Lowercase words of a message, apostrophes kept ("i'd").
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('\u{2019}', "'"))
        .collect()
}

fn has_any(words: &[String], set: &[&str]) -> bool {
    words.iter().any(|w| set.contains(&w.as_str()))
}

const PRICE_WORDS: &[&str] = &[
    "price",
    "prices",
    "pricing",
    "cost",
    "costs",
    "fee",
    "fees",
    "charge",
    "charges",
    "rate",
    "rates",
    "expensive",
    "afford",
    "retainer",
];
const BOOKING_WORDS: &[&str] = &[
    "book",
    "booking",
    "schedule",
    "scheduling",
    "appointment",
    "appointments",
    "consultation",
    "consultations",
    "consult",
    "meeting",
    "reserve",
    "availability",
    "available",
];
const GREETING_WORDS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "greetings",
    "good",
    "morning",
    "afternoon",
    "evening",
    "there",
    "yes",
    "yeah",
    "ok",
    "okay",
];
const IDENTITY_PHRASES: &[&str] = &[
    "is this",
    "am i speaking",
    "am i talking",
    "who is this",
    "who's this",
    "who am i",
    "have i reached",
    "did i reach",
    "what company",
    "what business",
    "what firm",
    "what office",
];

/// What the agent offers to set up: a consultation unless its prompt is about
/// appointments only.
fn offer(prompt: &str) -> &'static str {
    let p = prompt.to_lowercase();
    if p.contains("appointment") && !p.contains("consult") {
        "appointment"
    } else {
        "consultation"
    }
}

/// What the agent helps with, read from its prompt.
fn topic(prompt: &str) -> &'static str {
    let p = prompt.to_lowercase();
    let table: &[(&[&str], &str)] = &[
        (&["law", "legal", "attorney", "lawyer"], "your legal matter"),
        (&["dental", "dentist"], "your dental care"),
        (&["clinic", "medical", "doctor", "patient"], "your care"),
        (&["plumb"], "your plumbing issue"),
        (
            &["hvac", "heating", "air condition"],
            "your heating or cooling",
        ),
        (&["roof"], "your roof"),
        (
            &["real estate", "property", "realtor"],
            "your property question",
        ),
        (&["insurance"], "your insurance question"),
        (&["restaurant", "reservation"], "your reservation"),
    ];
    table
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| p.contains(k)))
        .map(|(_, t)| *t)
        .unwrap_or("your question")
}

/// The simulated assistant's answer to the conversation so far (only the last user
/// message matters). Rules, first match wins:
/// 1. no user message yet: the agent's first message;
/// 2. a price question: no quote, offer a consultation (or appointment);
/// 3. a booking request: offer to set one up and ask for name, phone and email;
/// 4. an "is this X?" question: confirm the business by name and offer help;
/// 5. a bare greeting: greet with the business name and offer help;
/// 6. anything else: a helpful answer naming the prompt's topic and asking for details.
pub fn reply(p: &Persona<'_>, last_user: Option<&str>) -> String {
    let Some(message) = last_user.map(str::trim).filter(|m| !m.is_empty()) else {
        return p.first_message.replace("{{name}}", "there");
    };
    let w = words(message);
    let lower = message.to_lowercase().replace('\u{2019}', "'");
    let business = p.business_name;
    if has_any(&w, PRICE_WORDS) || lower.contains("how much") {
        return format!(
            "I can't quote fees over the phone, but a {} with our team at {business} is the \
             best way to get an exact answer for your situation. Would you like me to set one up?",
            offer(p.prompt)
        );
    }
    if has_any(&w, BOOKING_WORDS) || lower.contains("come in") {
        let noun = if lower.contains("consult") {
            "consultation"
        } else if lower.contains("appointment") {
            "appointment"
        } else {
            offer(p.prompt)
        };
        return format!(
            "I'd be happy to set up a {noun} for you with {business}. Could I get your full name, \
             the best phone number to reach you, and an email address so we can send you a \
             confirmation?"
        );
    }
    // "Is this X?" asks who answered only at the start of a clause ("how long is this
    // going to take?" does not).
    let asks_identity = lower
        .split(['.', ',', '!', '?', ';'])
        .map(str::trim_start)
        .any(|clause| IDENTITY_PHRASES.iter().any(|q| clause.starts_with(q)));
    if asks_identity {
        return format!(
            "Yes, this is {business}, you're speaking with {}. How can I help you today?",
            p.agent_name
        );
    }
    if !w.is_empty() && w.iter().all(|x| GREETING_WORDS.contains(&x.as_str())) {
        return format!(
            "Hello! You've reached {business}, this is {}. How can I help you today?",
            p.agent_name
        );
    }
    format!(
        "Thanks for reaching out to {business}. I can help with {}: could you tell me a bit \
         more about it, along with your name and the best number to reach you, so our team can \
         follow up? If it helps, I can also set up a {}.",
        topic(p.prompt),
        offer(p.prompt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const KAI: Persona<'static> = Persona {
        agent_name: "Kai",
        business_name: "Smith & Lee Law",
        prompt: "You are Kai, a friendly intake receptionist for Smith & Lee Law. Offer to \
                 schedule a consultation.",
        first_message: "Hello! Thanks for calling Smith & Lee Law. How can I help you today?",
    };

    #[test]
    fn replies_follow_the_documented_rules() {
        assert!(reply(&KAI, None).starts_with("Hello! Thanks for calling Smith & Lee Law"));
        let price = reply(&KAI, Some("How much do you charge per hour?"));
        assert!(price.starts_with("I can't quote fees over the phone, but a consultation"));
        // "rate" inside another word is not a price question.
        assert!(!reply(&KAI, Some("I need a separate will")).contains("quote"));
        let booking = reply(&KAI, Some("Can I book an appointment?"));
        assert!(booking.contains("appointment") && booking.contains("email"));
        let who = reply(&KAI, Some("Hi, is this the law office?"));
        assert!(who.starts_with("Yes, this is Smith & Lee Law"));
        assert!(reply(&KAI, Some("Good morning!")).contains("You've reached Smith & Lee Law"));
        assert!(!reply(&KAI, Some("How long is this going to take?")).starts_with("Yes"));
        let other = reply(&KAI, Some("My landlord kept my deposit"));
        assert!(other.contains("your legal matter"));
    }

    #[test]
    fn judges_grade_for_real() {
        let exact = parse(&json!({ "type": "exact", "content": " Hi. " })).unwrap();
        assert!(passes(&exact, "Hi."));
        assert!(!passes(&exact, "Hi!"));
        let re = parse(&json!({ "type": "regex", "content": "(?i)smith & lee" })).unwrap();
        assert!(passes(&re, "This is SMITH & LEE"));
        assert!(!passes(&re, "This is Jones Law"));
        assert!(parse(&json!({ "type": "regex", "content": "(" })).is_err());
        assert!(parse(&json!({ "type": "llm", "content": "x" })).is_err());
    }

    #[test]
    fn ai_judge_uses_quoted_phrases_or_refusals() {
        let plan = |rubric: &str| {
            parse(&json!({ "type": "ai", "model": { "messages": [
                { "role": "system", "content": rubric }
            ] } }))
            .unwrap()
        };
        let quoted = plan("Pass if it says \u{201c}Consultation\u{201d} and \"email\".");
        assert!(passes(&quoted, "A consultation? Send me your EMAIL."));
        assert!(!passes(&quoted, "A consultation."));
        let open = plan("Pass if the assistant offers to help.");
        assert!(passes(&open, "Sure, how can I help?"));
        assert!(!passes(&open, "Sorry, I can't help with that."));
        assert!(!passes(&open, "  "));
        assert!(parse(&json!({ "type": "ai", "model": { "messages": [] } })).is_err());
        assert!(
            parse(&json!({ "type": "ai", "model": { "messages": [
                { "role": "user", "content": "no rubric" }
            ] } }))
            .is_err()
        );
    }

    #[test]
    fn a_run_passes_only_if_every_assistant_turn_passes() {
        let turn = |content: &str| json!({ "role": "user", "content": content });
        let judge = |re: &str| json!({ "role": "assistant", "judgePlan": { "type": "regex", "content": re } });
        let messages = [
            turn("Hello"),
            judge("Kai"),
            turn("What's the price?"),
            judge("Kai"),
        ];
        let (passed, result) = play(&KAI, &messages);
        assert!(!passed);
        assert_eq!(result["status"], "fail");
        assert_eq!(result["messages"].as_array().map(Vec::len), Some(4));
        let (passed, _) = play(&KAI, &messages[..2]);
        assert!(passed);
    }
}
