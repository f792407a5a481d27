//! Onboarding and account management: sign up, sign in with a key, remove. Keys go from
//! the form straight to the keyring; nothing here returns one.

use kaicalls_api::Client;
use kaicalls_api::models::SignupRequest;
use kaicalls_store::Store;
use kaicalls_vocab::Code;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::App;
use crate::accounts::{AccountMeta, NewAccount};
use crate::error::AppError;

/// What the sign-in form sends.
#[derive(Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SignIn {
    /// The API key (`kc_live_…`, or `kc_test_…` of a local sandbox).
    pub api_key: String,
    /// A name for the account; empty picks one.
    pub label: String,
    /// Another API address (a staging server or local sandbox); empty for KaiCalls.
    pub base_url: Option<String>,
}

/// Never prints the key.
impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("label", &self.label)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// What the sign-up form sends.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SignUp {
    /// The business's name.
    pub business_name: String,
    /// The owner's email.
    pub email: String,
    /// Category, e.g. "Legal Services".
    pub business_type: Option<String>,
    /// Ring this number first; the AI answers when nobody picks up.
    pub phone_forward_to: Option<String>,
    /// The business's website.
    pub website: Option<String>,
    /// Another KaiCalls-compatible server (the sandbox); none for KaiCalls itself.
    pub base_url: Option<String>,
}

/// What sign-up created, for the welcome that follows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SignedUp {
    /// The new account, open now.
    pub account: AccountMeta,
    /// The business.
    pub business_id: String,
    /// Its name, as entered.
    pub business_name: String,
    /// The KaiCalls number its agent answers (E.164), once KaiCalls gave one.
    pub phone_number: Option<String>,
    /// The free trial's end (RFC 3339).
    pub trial_ends_at: Option<String>,
    /// The intake agent.
    pub agent_id: String,
    /// Its name, when KaiCalls told it.
    pub agent_name: Option<String>,
    /// The number calls ring first, as entered (E.164).
    pub phone_forward_to: Option<String>,
    /// The business's page on kaicalls.com.
    pub dashboard_url: Option<String>,
}

impl App {
    fn refuse_without_keyring(&self) -> Result<(), AppError> {
        match &self.keyring.problem {
            Some(problem) => Err(problem.clone()),
            None => Ok(()),
        }
    }

    /// Checks the key with KaiCalls, keeps it in the keyring and opens the account.
    pub async fn sign_in(&self, form: SignIn) -> Result<AccountMeta, AppError> {
        self.refuse_without_keyring()?;
        let key = form.api_key.trim();
        if key.is_empty() {
            return Err(AppError::new(Code::InvalidInput, "Paste your API key."));
        }
        let meta = self
            .accounts
            .add(NewAccount {
                label: form.label,
                api_key: SecretString::from(key.to_string()),
                base_url: form.base_url.filter(|u| !u.trim().is_empty()),
                allow_origin: false,
            })
            .await?;
        self.open(&meta.id).await
    }

    /// Creates a KaiCalls account (business, agent, number, key), keeps the new key in the
    /// keyring and opens it. Never retried: each sign-up creates an account.
    pub async fn sign_up(&self, form: SignUp) -> Result<SignedUp, AppError> {
        self.refuse_without_keyring()?;
        let (name, email) = (form.business_name.trim(), form.email.trim());
        if name.is_empty() || email.is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                "Enter your business's name and your email.",
            ));
        }
        let mut request = SignupRequest::new(name, email);
        request.business_type = form.business_type.filter(|t| !t.trim().is_empty());
        request.phone_forward_to = form.phone_forward_to.filter(|t| !t.trim().is_empty());
        let phone_forward_to = request.phone_forward_to.clone();
        request.website = form.website.filter(|t| !t.trim().is_empty());
        let base_url = form.base_url.filter(|u| !u.trim().is_empty());
        let mut client = Client::builder();
        if let Some(url) = &base_url {
            client = client.base_url(url.trim());
        }
        let created = client
            .build()?
            .signup(request)
            .await
            .map_err(AppError::from_write)?;
        let meta = self
            .accounts
            .add(NewAccount {
                label: name.to_string(),
                api_key: created.api_key.clone(),
                base_url,
                allow_origin: false,
            })
            .await?;
        let opened = self.open(&meta.id).await?;
        let session = self.session().await?;
        // The account exists now: failing to keep the trial's end only costs its countdown.
        if let Err(e) = session.keep_signup(name, &created).await {
            tracing::warn!(
                code = e.code.as_str(),
                "sign-up details not kept: {}",
                e.message
            );
        }
        // Its name only makes the welcome friendlier: a failure leaves it out.
        let agent_name = match session.client.agents().get(&created.agent_id).await {
            Ok(agent) => Some(agent.name).filter(|n| !n.trim().is_empty()),
            Err(e) => {
                tracing::info!(
                    code = e.code().as_str(),
                    "the new agent's name was not read"
                );
                None
            }
        };
        Ok(SignedUp {
            account: opened,
            business_id: created.business_id.clone(),
            business_name: name.to_string(),
            phone_number: created.phone_number.clone(),
            trial_ends_at: created.trial_ends_at.clone(),
            agent_id: created.agent_id.clone(),
            agent_name,
            phone_forward_to,
            dashboard_url: created.dashboard_url.clone(),
        })
    }

    /// Removes account `id`: closes it if it is open, then deletes its keyring entries
    /// and its offline cache.
    pub async fn remove_account(&self, id: &str) -> Result<(), AppError> {
        if self.current_account().await.is_some_and(|a| a.id == id) {
            self.close().await;
        }
        self.accounts.remove(id).await?;
        Ok(Store::delete_files(self.accounts.cache_dir(), id)?)
    }

    /// Turns new-lead notifications of account `id` on or off.
    pub fn set_notifications(&self, id: &str, on: bool) -> Result<(), AppError> {
        Ok(self.accounts.set_notifications(id, on)?)
    }

    /// Takes back the consent to send the live key of `id` to its non-KaiCalls origin.
    /// The open account's session was built with it, so that account is closed: its key
    /// stops going there now, not at the next start.
    pub async fn revoke_origin_consent(&self, id: &str) -> Result<(), AppError> {
        self.accounts.revoke_origin_consent(id)?;
        if self.current_account().await.is_some_and(|a| a.id == id) {
            self.close().await;
        }
        Ok(())
    }
}
