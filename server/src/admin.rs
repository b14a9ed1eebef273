//! `server admin grant|revoke <email>`: the only way to make (or unmake) an admin. The web
//! never can, and demo data never does outside the demo.

use crate::config::Config;
use app::backend::entities::user;
use app::domain::{Email, UserRole};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

/// Runs the command in `args` (after `admin`); the message to print, or why it failed.
pub async fn run(config: &Config, args: &[String]) -> Result<String, String> {
    let (role, email) = match args {
        [verb, email] if verb == "grant" => (UserRole::Admin, email),
        [verb, email] if verb == "revoke" => (UserRole::Member, email),
        _ => return Err("usage: server admin grant|revoke <email>".to_owned()),
    };
    let email = Email::parse(email).map_err(|e| format!("{email:?}: {e}"))?;
    let db = crate::connect(config)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role.key()))
        .filter(user::Column::Email.eq(email.as_str()))
        .exec(&db)
        .await
        .map_err(|e| format!("database: {e}"))?;
    if res.rows_affected == 0 {
        return Err(format!("no member with the address {}", email.as_str()));
    }
    Ok(format!("{} is now {}", email.as_str(), role.key()))
}
