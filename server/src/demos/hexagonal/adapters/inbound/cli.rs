//! The CLI adapter: a second way into the same core. `server demo hexagonal
//! create-user --email … --name … --password …` works on the same database
//! file as the REST adapter, through the same inbound port.

use clap::Subcommand;

use super::super::super::core::domain::Tenant;
use super::super::super::core::ports::inbound::ShopPort;
use super::rest::{order_json, user_json};

/// Used by the CLI when no `--sandbox` is given.
const CLI_SANDBOX: &str = "cli-sandbox";

#[derive(Debug, Subcommand)]
pub enum HexagonalCommand {
    /// Register a user (prints it as JSON).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        password: String,
        /// The sandbox to write to, e.g. your browser's (shown on the page).
        #[arg(long, default_value = CLI_SANDBOX)]
        sandbox: String,
    },
    /// List the sandbox's users, newest first.
    ListUsers {
        #[arg(long, default_value = CLI_SANDBOX)]
        sandbox: String,
    },
    /// List the sandbox's orders, newest first.
    ListOrders {
        #[arg(long, default_value = CLI_SANDBOX)]
        sandbox: String,
    },
}

// ANCHOR: cli_adapter
/// Runs one command against the core; returns what to print.
pub async fn execute(core: &dyn ShopPort, command: HexagonalCommand) -> anyhow::Result<String> {
    let output = match command {
        HexagonalCommand::CreateUser { email, name, password, sandbox } => {
            let user = core.create_user(&tenant(&sandbox)?, &email, &name, &password).await?;
            serde_json::to_string_pretty(&user_json(&user))?
        }
        HexagonalCommand::ListUsers { sandbox } => {
            let users = core.list_users(&tenant(&sandbox)?).await?;
            serde_json::to_string_pretty(&users.iter().map(user_json).collect::<Vec<_>>())?
        }
        HexagonalCommand::ListOrders { sandbox } => {
            let orders = core.list_orders(&tenant(&sandbox)?, None).await?;
            serde_json::to_string_pretty(&orders.iter().map(order_json).collect::<Vec<_>>())?
        }
    };
    Ok(output)
}
// ANCHOR_END: cli_adapter

fn tenant(sandbox: &str) -> anyhow::Result<Tenant> {
    let sandbox = crate::api::sandbox::SandboxId::parse(sandbox).map_err(|err| anyhow::anyhow!(err.message))?;
    Ok(Tenant(sandbox.as_str().to_owned()))
}
