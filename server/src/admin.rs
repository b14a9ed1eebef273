//! `server admin grant|revoke <email>`: the only way to make (or unmake) an admin. The web
//! never can, and demo data never does outside the demo.

use crate::cli::{AdminAction, Failure};
use crate::config::Config;
use app::backend::entities::user;
use app::domain::{Email, UserRole};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

/// Gives the member with the action's address its role; the message to print, or why not.
pub async fn run(config: &Config, action: AdminAction) -> Result<String, Failure> {
    let (role, email) = match action {
        AdminAction::Grant { email } => (UserRole::Admin, email),
        AdminAction::Revoke { email } => (UserRole::Member, email),
    };
    let email = Email::parse(&email).map_err(|e| Failure::Usage(format!("{email:?}: {e}")))?;
    let failed = |e: &dyn std::fmt::Display| Failure::Failed(format!("database: {e}"));
    let db = crate::connect(config).await.map_err(|e| failed(&e))?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role.key()))
        .filter(user::Column::Email.eq(email.as_str()))
        .exec(&db)
        .await
        .map_err(|e| failed(&e))?;
    if res.rows_affected == 0 {
        return Err(Failure::Usage(format!(
            "no member with the address {}",
            email.as_str()
        )));
    }
    Ok(format!("{} is now {}", email.as_str(), role.key()))
}
