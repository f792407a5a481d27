//! Creating accounts and agents: shared by `POST /signup`, `POST /agents` and the demo
//! seed so every account starts the same way.

use rand::Rng;
use serde_json::{Map, Value, json};

use crate::magic;
use crate::model::{Agent, Business, Number, User};
use crate::state::{ALL_SCOPES, Db};

/// What a new account consists of; `api_key` is the only copy of the plaintext key.
pub struct NewAccount {
    pub api_key: String,
    pub user_id: String,
    pub business_id: String,
    pub agent_id: String,
    pub phone_number: String,
    pub trial_ends_at: crate::time::Ts,
}

/// Signup input.
pub struct SignupInput {
    pub business_name: String,
    pub email: String,
    pub business_type: Option<String>,
    pub website: Option<String>,
    pub phone_forward_to: Option<String>,
}

/// Model used when a request names none (the reference: "OpenAI gpt-4.1 at 0.7").
pub fn default_model() -> Value {
    json!({ "provider": "openai", "model": "gpt-4.1", "temperature": 0.7 })
}

/// Voice used when a request names none ("Vapi default").
pub fn default_voice() -> Value {
    json!({ "provider": "vapi", "voiceId": "Elliot" })
}

/// Provisions user, business, owner key (every scope), intake agent and a pool number.
pub fn create_account(db: &mut Db, input: SignupInput) -> NewAccount {
    let now = db.now();
    let user = User {
        id: db.uuid(),
        email: input.email,
        created_at: now,
    };
    let business = Business {
        id: db.uuid(),
        user_id: user.id.clone(),
        name: input.business_name,
        business_type: input.business_type,
        website: input.website,
        phone_forward_to: input.phone_forward_to,
        created_at: now,
        trial_ends_at: now.plus_secs(30 * 86_400),
        subscription_status: "trialing".into(),
    };
    let (user_id, business_id, trial_ends_at) =
        (user.id.clone(), business.id.clone(), business.trial_ends_at);
    let intake_prompt = format!(
        "You are Kai, a friendly intake receptionist for {}. Answer questions about our \
         services, collect the caller's name, phone number, email and the reason for their \
         call, and offer to schedule a consultation.",
        business.name
    );
    let greeting = format!(
        "Hello! Thanks for calling {}. How can I help you today?",
        business.name
    );
    db.users.insert(user.id.clone(), user);
    db.businesses.insert(business.id.clone(), business);
    let (api_key, _) = db.mint_key(
        &user_id,
        None,
        "Signup key",
        ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
    );
    let agent = new_agent(
        db,
        &business_id,
        "Kai",
        &intake_prompt,
        Some(greeting),
        None,
        None,
        None,
    );
    let agent_id = agent.id.clone();
    db.agents.insert(agent.id.clone(), agent);
    let phone_number = assign_number(db, &business_id, Some(&agent_id));
    NewAccount {
        api_key,
        user_id,
        business_id,
        agent_id,
        phone_number,
        trial_ends_at,
    }
}

/// A new agent with per-channel prompts derived from its system prompt.
#[allow(clippy::too_many_arguments)]
pub fn new_agent(
    db: &mut Db,
    business_id: &str,
    name: &str,
    system_prompt: &str,
    first_message: Option<String>,
    voice: Option<Value>,
    model: Option<Value>,
    metadata: Option<Map<String, Value>>,
) -> Agent {
    let business_name = db
        .businesses
        .get(business_id)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let model = model.unwrap_or_else(default_model);
    let llm = model
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("gpt-4.1")
        .to_string();
    Agent {
        id: db.uuid(),
        business_id: business_id.to_string(),
        name: name.to_string(),
        vapi_assistant_id: format!("vapi-asst-{}", db.hex(12)),
        created_at: db.now(),
        inbound_prompt: system_prompt.to_string(),
        inbound_llm: llm.clone(),
        outbound_prompt: format!(
            "You are calling {{{{name}}}} on behalf of {business_name}. {system_prompt}"
        ),
        outbound_llm: llm.clone(),
        outbound_first_message: format!(
            "Hi {{{{name}}}}, this is {name} from {business_name}. Do you have a minute?"
        ),
        sms_prompt: format!(
            "You reply to text messages for {business_name}. Be brief and helpful, and offer \
             to schedule a call."
        ),
        sms_llm: llm,
        first_message: first_message
            .unwrap_or_else(|| "Hello! How can I help you today?".to_string()),
        voice: voice.unwrap_or_else(default_voice),
        model,
        metadata: metadata.unwrap_or_default(),
        vapi_config: Map::new(),
        audit: Vec::new(),
        patches: Vec::new(),
    }
}

/// Takes an unused number from the simulated pool and assigns it.
pub fn assign_number(db: &mut Db, business_id: &str, agent_id: Option<&str>) -> String {
    let phone_number = loop {
        let candidate = format!("+1512555{:04}", db.rng.random_range(200..10_000));
        let taken = db.numbers.values().any(|n| n.phone_number == candidate);
        if !taken && !magic::is_reserved(&candidate) {
            break candidate;
        }
    };
    let number = Number {
        id: db.uuid(),
        phone_number: phone_number.clone(),
        agent_id: agent_id.map(str::to_string),
        business_id: business_id.to_string(),
        created_at: db.now(),
    };
    db.numbers.insert(number.id.clone(), number);
    phone_number
}
