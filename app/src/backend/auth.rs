//! Who is calling. axum-login keeps the member in a tower-sessions session stored in the
//! database; this module supplies the user lookup and the password hashing it relies on.

use super::entities::user;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum_login::{AuthUser, AuthnBackend, UserId};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

/// A logged-in member as the session knows them.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub id: Uuid,
    pub email: String,
    pub verified: bool,
    /// The password hash: changing the password invalidates every other session.
    auth_hash: Vec<u8>,
}

impl From<user::Model> for SessionUser {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            email: u.email,
            verified: u.email_verified_at.is_some(),
            auth_hash: u.password_hash.into_bytes(),
        }
    }
}

impl AuthUser for SessionUser {
    type Id = Uuid;

    fn id(&self) -> Uuid {
        self.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Clone)]
pub struct Backend {
    db: DatabaseConnection,
}

impl Backend {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error("password hashing task failed")]
    Task,
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, BackendError> {
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(creds.email))
            .one(&self.db)
            .await?;
        // Verify against a dummy hash when nobody has this address, so the response time
        // does not reveal which addresses are registered.
        let stored = found
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = verify_password(creds.password, stored)
            .await
            .map_err(|_| BackendError::Task)?;
        Ok(found.filter(|_| ok).map(SessionUser::from))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, BackendError> {
        Ok(user::Entity::find_by_id(*id)
            .one(&self.db)
            .await?
            .map(SessionUser::from))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// OWASP's minimum for argon2id: 19 MiB memory, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_password_blocking("not a real password, only for timing").unwrap_or_default()
});

fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "hashing password");
            AppError::Internal
        })
}

/// Hashes off the async runtime: argon2id takes tens of milliseconds by design.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|_| AppError::Internal)
}

/// The caller of a server function or page; every access decision starts here.
#[derive(Clone, Debug)]
pub enum Viewer {
    Anonymous,
    Member(SessionUser),
}

impl Viewer {
    pub async fn current() -> Result<Self, AppError> {
        let auth: AuthSession = leptos_axum::extract().await.map_err(|e| {
            tracing::error!(error = %e, "auth session missing");
            AppError::Internal
        })?;
        Ok(match auth.user {
            Some(user) => Viewer::Member(user),
            None => Viewer::Anonymous,
        })
    }

    pub fn member(&self) -> Result<&SessionUser, AppError> {
        match self {
            Viewer::Member(u) => Ok(u),
            Viewer::Anonymous => Err(AppError::Unauthenticated),
        }
    }

    /// Publishing and contacting others need a confirmed address.
    pub fn verified_member(&self) -> Result<&SessionUser, AppError> {
        let user = self.member()?;
        if user.verified {
            Ok(user)
        } else {
            Err(AppError::Unverified)
        }
    }

    pub fn id(&self) -> Option<Uuid> {
        match self {
            Viewer::Member(u) => Some(u.id),
            Viewer::Anonymous => None,
        }
    }

    pub fn is_member(&self) -> bool {
        matches!(self, Viewer::Member(_))
    }
}

/// A random URL-safe token and the SHA-256 hex digest under which it is stored.
pub fn new_token() -> (String, String) {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_with_owasp_parameters_round_trips() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify_password("correct horse battery".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), hash)
                .await
                .unwrap()
        );
        assert!(
            !verify_password("x".into(), "not a hash".into())
                .await
                .unwrap()
        );
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }
}
