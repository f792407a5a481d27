//! What a new-lead notification says, in plain words.

use std::borrow::Cow;

use crate::events::LeadSummary;

use super::Notification;

/// How a lead's `source` reads in a sentence ("inbound_call" → "inbound call").
pub fn source_phrase(source: &str) -> String {
    match source.trim() {
        "inbound_call" => "inbound call".into(),
        "outbound_call" => "outbound call".into(),
        "website" | "web_form" | "website_form" => "website form".into(),
        "referral" => "referral".into(),
        "google_ads" => "Google ad".into(),
        "facebook" | "facebook_ads" => "Facebook".into(),
        "trial_signup" => "trial sign-up".into(),
        "sms" | "text" => "text message".into(),
        "manual" => "added by hand".into(),
        other => other.replace(['_', '-'], " "),
    }
}

/// Who the lead is, as well as we know: the name, else the phone number.
pub fn who(lead: &LeadSummary) -> String {
    fn pick(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    pick(&lead.name)
        .or_else(|| pick(&lead.phone))
        .unwrap_or("someone new")
        .to_string()
}

/// `text` as character data in the markup freedesktop notification daemons read in a
/// body ("body-markup": a subset of HTML parsed as XML), so every character shows as
/// itself: `<b>x</b>&` is neither bold nor a parse error that blanks the body. Quotes are
/// escaped too, so the text stays inert even inside an attribute. `&#39;` rather than
/// `&apos;`, which some HTML-minded daemons do not know.
pub fn escape_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The notification for `leads` (in arrival order), or `None` for none. One lead:
/// "New lead" / "Jane Doe — inbound call". Several: "3 new leads" / "Jane Doe, John Roe
/// and 1 more", naming at most `names_shown` of them.
pub fn compose(
    account_id: &str,
    leads: &[LeadSummary],
    names_shown: usize,
) -> Option<Notification> {
    let first = leads.first()?;
    let lead_ids = leads.iter().map(|l| l.id.clone()).collect();
    if leads.len() == 1 {
        let body = match first.source.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(source) => format!("{} — {}", who(first), source_phrase(source)),
            None => who(first),
        };
        return Some(Notification {
            account_id: account_id.to_string(),
            title: "New lead".into(),
            body,
            lead_ids,
        });
    }
    let shown = names_shown.max(1).min(leads.len());
    let names: Vec<String> = leads[..shown].iter().map(who).collect();
    let rest = leads.len() - shown;
    let body = if rest == 0 {
        match names.split_last() {
            Some((last, init)) => format!("{} and {last}", init.join(", ")),
            None => String::new(),
        }
    } else {
        format!("{} and {rest} more", names.join(", "))
    };
    Some(Notification {
        account_id: account_id.to_string(),
        title: format!("{} new leads", leads.len()),
        body,
        lead_ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(id: &str, name: Option<&str>, source: Option<&str>) -> LeadSummary {
        LeadSummary {
            id: id.into(),
            name: name.map(Into::into),
            phone: Some("+15125550123".into()),
            source: source.map(Into::into),
            business_id: None,
            created_at: None,
        }
    }

    #[test]
    fn one_lead_reads_as_a_sentence() {
        let n = compose(
            "a",
            &[lead("l1", Some("Jane Doe"), Some("inbound_call"))],
            2,
        )
        .unwrap();
        assert_eq!(n.text(), "New lead: Jane Doe — inbound call");
        assert_eq!(n.lead_ids, ["l1"]);
        let n = compose("a", &[lead("l2", None, None)], 2).unwrap();
        assert_eq!(n.text(), "New lead: +15125550123");
        let n = compose("a", &[lead("l3", Some(" "), Some("chat_widget"))], 2).unwrap();
        assert_eq!(n.text(), "New lead: +15125550123 — chat widget");
    }

    #[test]
    fn markup_characters_are_escaped_and_nothing_else() {
        assert_eq!(
            escape_markup(r#"<b>x</b>& "O'Neil""#),
            "&lt;b&gt;x&lt;/b&gt;&amp; &quot;O&#39;Neil&quot;"
        );
        assert_eq!(
            escape_markup("&amp;"),
            "&amp;amp;",
            "never taken for markup"
        );
        assert!(matches!(
            escape_markup("Jane Doe — ☎"),
            Cow::Borrowed("Jane Doe — ☎")
        ));
    }

    #[test]
    fn bursts_name_two_and_count_the_rest() {
        let leads = [
            lead("l1", Some("Jane Doe"), Some("inbound_call")),
            lead("l2", Some("John Roe"), Some("website")),
            lead("l3", Some("Ann Poe"), None),
        ];
        let n = compose("a", &leads, 2).unwrap();
        assert_eq!(n.text(), "3 new leads: Jane Doe, John Roe and 1 more");
        assert_eq!(n.lead_ids, ["l1", "l2", "l3"]);
        let n = compose("a", &leads[..2], 2).unwrap();
        assert_eq!(n.text(), "2 new leads: Jane Doe and John Roe");
        assert!(compose("a", &[], 2).is_none());
    }
}
