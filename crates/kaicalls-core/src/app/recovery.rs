//! Going on after an unusable account list (see `accounts::recovery`): the user's choice
//! is applied, then the app opens the account it now has, as at start.

use super::App;
use super::events::AppEvent;
use crate::accounts::{AccountMeta, Recovery};
use crate::error::AppError;

impl App {
    /// Recovers the account list as the user chose and opens its active account (none
    /// after "start fresh": onboarding shows).
    pub async fn recover_settings(&self, how: Recovery) -> Result<Option<AccountMeta>, AppError> {
        self.accounts.recover(how).await?;
        let opened = self.startup().await;
        // The UI reloads what it shows (the recovery screen is gone).
        if matches!(opened, Ok(None)) {
            self.events
                .publish(AppEvent::SessionChanged { account_id: None });
        }
        opened
    }
}
