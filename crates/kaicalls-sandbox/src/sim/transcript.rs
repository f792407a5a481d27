//! Simulated conversations: a transcript built from the agent's prompt, the call's
//! context and the callee's name, plus the analysis KaiCalls runs afterwards (summary,
//! quality dimensions, lead score).

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::model::Quality;

/// Everything a finished simulated conversation produced.
#[derive(Debug, Clone)]
pub struct Conversation {
    pub transcript: String,
    pub summary: String,
    /// Talk time in seconds (simulated, independent of the wall-clock lifecycle).
    pub duration: u32,
    pub ended_reason: String,
    pub quality: Quality,
    pub score: u8,
    pub confidence: &'static str,
    pub explanation: String,
    pub factors: Vec<String>,
}

/// Who is talking and about what.
pub struct Script<'a> {
    pub agent_name: &'a str,
    pub business_name: &'a str,
    /// The prompt for this channel (outbound or inbound).
    pub prompt: &'a str,
    /// The opening line, before `{{name}}` is filled in.
    pub first_message: &'a str,
    pub person: Option<&'a str>,
    pub context: Option<&'a str>,
    pub outbound: bool,
    pub max_duration: u32,
}

struct Intent {
    factor: &'static str,
    caller: &'static str,
    agent: &'static str,
}

const INTENTS: &[Intent] = &[
    Intent {
        factor: "pricing_question",
        caller: "How much does a consultation cost?",
        agent: "The first consultation is free, and we can go over fees in detail then.",
    },
    Intent {
        factor: "timeline_question",
        caller: "How soon could someone look at this? It's fairly urgent.",
        agent: "We can usually schedule you within two business days.",
    },
    Intent {
        factor: "decision_maker",
        caller: "I'm the one making the decision here, so you can talk to me directly.",
        agent: "Perfect, then let's get the details down so we can move quickly.",
    },
    Intent {
        factor: "referral",
        caller: "A friend of mine recommended you.",
        agent: "That's great to hear, thank you for letting us know.",
    },
    Intent {
        factor: "existing_client",
        caller: "I worked with you before and wanted to follow up.",
        agent: "Welcome back! I'll make sure the team sees your history.",
    },
    Intent {
        factor: "appointment_request",
        caller: "Can I book a time to come in this week?",
        agent: "Absolutely. I have Thursday at 10 am or Friday at 2 pm open.",
    },
];

/// First name of a full name, for greetings.
fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or(full)
}

/// The offer the agent closes with, read from its prompt.
fn offer(prompt: &str) -> &'static str {
    let p = prompt.to_lowercase();
    if p.contains("consult") {
        "a free consultation"
    } else if p.contains("appointment") || p.contains("book") || p.contains("schedul") {
        "an appointment"
    } else if p.contains("quote") || p.contains("estimate") {
        "a written estimate"
    } else {
        "a follow-up call"
    }
}

/// Plays out a conversation. Deterministic for a given generator state.
pub fn converse(rng: &mut impl Rng, s: &Script<'_>) -> Conversation {
    // A caller who gave no name (an inbound call with no lead) is greeted "there" but
    // never called "there" in the conversation or the summary.
    let person = s.person.map(str::trim).filter(|p| !p.is_empty());
    let first = person.map(first_name);
    let opening = s
        .first_message
        .replace("{{name}}", first.unwrap_or("there"));
    let comma_name = first.map(|f| format!(", {f}")).unwrap_or_default();
    let offer = offer(s.prompt);
    let mut lines: Vec<String> = Vec::new();
    let mut factors: Vec<String> = Vec::new();
    lines.push(format!("Agent: {opening}"));
    if s.outbound {
        lines.push("Caller: Yes, this is a good time. What is this about?".into());
        match s.context {
            Some(ctx) if !ctx.trim().is_empty() => {
                lines.push(format!(
                    "Agent: I'm calling about this: {}.",
                    ctx.trim().trim_end_matches('.')
                ));
                lines.push("Caller: Right, thanks for following up on that.".into());
                lines.push("Agent: Of course. What questions do you have for us?".into());
            }
            _ => lines.push(format!(
                "Agent: I'm following up on your recent inquiry with {}.",
                s.business_name
            )),
        }
    } else {
        let reason = s
            .context
            .unwrap_or("I'd like some help with a legal matter");
        let reason = reason.trim_end_matches('.');
        lines.push(match person {
            Some(person) => format!("Caller: Hi, my name is {person}. {reason}."),
            None => format!("Caller: Hi. {reason}."),
        });
        lines.push(format!(
            "Agent: Thanks for calling{comma_name}. I can help with that."
        ));
    }
    let turns = rng.random_range(1..=3);
    let mut intents: Vec<&Intent> = INTENTS.choose_multiple(rng, turns).collect();
    intents.sort_by_key(|i| i.factor);
    for intent in intents {
        lines.push(format!("Caller: {}", intent.caller));
        lines.push(format!("Agent: {}", intent.agent));
        factors.push(intent.factor.to_string());
    }
    lines.push("Agent: What's the best email to send a confirmation to?".into());
    let mailbox: String = first
        .unwrap_or("hello")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    lines.push(format!("Caller: You can use {mailbox}@example.com."));
    lines.push(format!("Agent: Great. Would you like to set up {offer}?"));
    let accepted = rng.random_bool(0.7);
    if accepted {
        lines.push("Caller: Yes, let's do that.".into());
        lines.push(format!(
            "Agent: Done. You'll get a confirmation shortly. Thank you{comma_name}, and have a great day!"
        ));
    } else {
        lines.push("Caller: Not yet, I need to think about it.".into());
        lines.push(format!(
            "Agent: No problem at all. Call us any time at {}. Goodbye{comma_name}!",
            s.business_name
        ));
    }

    let mut duration = rng.random_range(45..=420);
    let mut ended_reason = if accepted {
        "assistant-ended-call"
    } else {
        "customer-ended-call"
    };
    if s.max_duration > 0 && duration > s.max_duration {
        duration = s.max_duration;
        ended_reason = "exceeded-max-duration";
    }
    let base: u8 = if accepted { 70 } else { 45 };
    let score = base
        .saturating_add(rng.random_range(0..20))
        .saturating_add(5 * factors.len() as u8)
        .min(99);
    let confidence = match score {
        75.. => "high",
        50..=74 => "medium",
        _ => "low",
    };
    let topic = s
        .context
        .map(|c| c.trim().trim_end_matches('.').to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| {
            if s.outbound {
                "a follow-up on their inquiry".to_string()
            } else {
                "a new inquiry".to_string()
            }
        });
    let summary = format!(
        "{} {} {} about {topic}. {}",
        s.agent_name,
        if s.outbound {
            "called"
        } else {
            "took a call from"
        },
        person.unwrap_or(if s.outbound {
            "the customer"
        } else {
            "a caller"
        }),
        if accepted {
            format!("{} agreed to {offer}.", first.unwrap_or("They"))
        } else {
            format!(
                "{} wants to think it over before booking {offer}.",
                first.unwrap_or("The caller")
            )
        }
    );
    let explanation = if factors.is_empty() {
        "Few intent signals in the conversation.".to_string()
    } else {
        format!(
            "Intent signals: {}.",
            factors
                .iter()
                .map(|f| f.replace('_', " "))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut q = || rng.random_range(70..=99);
    Conversation {
        transcript: lines.join("\n"),
        summary,
        duration,
        ended_reason: ended_reason.to_string(),
        quality: Quality {
            professionalism: q(),
            empathy: q(),
            information_gathering: q(),
            resolution: q(),
        },
        score,
        confidence,
        explanation,
        factors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn script<'a>() -> Script<'a> {
        Script {
            agent_name: "Kai",
            business_name: "Smith Law",
            prompt: "Offer a consultation.",
            first_message: "Hey {{name}}, this is Kai from Smith Law.",
            person: Some("John Smith"),
            context: Some("Confirm appointment for tomorrow at 2pm"),
            outbound: true,
            max_duration: 600,
        }
    }

    #[test]
    fn uses_name_context_and_prompt_and_is_deterministic() {
        let a = converse(&mut ChaCha8Rng::seed_from_u64(1), &script());
        let b = converse(&mut ChaCha8Rng::seed_from_u64(1), &script());
        assert_eq!(a.transcript, b.transcript);
        assert!(
            a.transcript
                .starts_with("Agent: Hey John, this is Kai from Smith Law.")
        );
        assert!(
            a.transcript
                .contains("Confirm appointment for tomorrow at 2pm")
        );
        assert!(a.transcript.contains("a free consultation"));
        assert!(a.summary.contains("John Smith"));
        assert!(a.duration <= 600);
    }

    #[test]
    fn a_caller_without_a_name_is_never_called_there() {
        for seed in 0..20 {
            let mut s = script();
            s.person = None;
            s.outbound = false;
            s.context = Some("Wrong number");
            let c = converse(&mut ChaCha8Rng::seed_from_u64(seed), &s);
            assert!(c.transcript.starts_with("Agent: Hey there, this is Kai"));
            assert!(c.transcript.contains("Caller: Hi. Wrong number."));
            for bad in [
                "name is there",
                "calling, there",
                ", there,",
                "there@",
                "Goodbye, there",
            ] {
                assert!(!c.transcript.contains(bad), "{bad}: {}", c.transcript);
            }
            assert!(
                c.summary
                    .starts_with("Kai took a call from a caller about Wrong number.")
            );
            assert!(!c.summary.contains("there"), "{}", c.summary);
        }
    }

    #[test]
    fn max_duration_caps_the_call() {
        let mut s = script();
        s.max_duration = 30;
        let c = converse(&mut ChaCha8Rng::seed_from_u64(2), &s);
        assert_eq!(c.duration, 30);
        assert_eq!(c.ended_reason, "exceeded-max-duration");
    }
}
