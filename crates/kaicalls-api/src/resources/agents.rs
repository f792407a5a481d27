//! `/api/v1/agents`.

use super::group;
use crate::error::Result;
use crate::models::{Agent, AgentCreated, AgentUpdated, AgentsList, CreateAgent, UpdateAgent};
use crate::transport::Request;

group!(
    /// Agents: `client.agents()`.
    Agents
);

impl Agents {
    /// Every agent of the key's businesses (`agents:read`).
    pub async fn list(&self) -> Result<AgentsList> {
        self.client.send(Request::get("/api/v1/agents")).await
    }

    /// One agent with its prompts, voice and model (`agents:read`). The id is the
    /// KaiCalls agent id, sent as `?id=`.
    pub async fn get(&self, id: &str) -> Result<Agent> {
        let req = Request::get("/api/v1/agents").query("id", Some(id));
        self.client.send(req).await
    }

    /// Creates a voice agent (`agents:write`). Not retried once it may have reached
    /// KaiCalls: a retry could create a second agent.
    pub async fn create(&self, agent: CreateAgent) -> Result<AgentCreated> {
        self.client
            .send(Request::post("/api/v1/agents", &agent)?)
            .await
    }

    /// Changes only the fields set in `update` (`agents:write`). Retried like a read:
    /// it sets values, so a repeat leaves the same state.
    pub async fn update(&self, update: UpdateAgent) -> Result<AgentUpdated> {
        self.client
            .send(Request::patch("/api/v1/agents", &update)?)
            .await
    }
}
