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
    /// Runs calls and the back office.
    pub admin: bool,
    /// Suspended by an admin: may not log in (`accounts::login` says so); an existing
    /// session of theirs finds no member (`get_user`).
    pub suspended: bool,
    /// A digest of the member's security stamp (never the password hash): replacing the
    /// stamp ends every session that carries the old digest.
    auth_hash: Vec<u8>,
    /// The header's name and unread count, read with the member at the start of a request
    /// (`get_user`); `None` where the member was read otherwise (at login).
    pub header: Option<Header>,
}

/// What the page header shows of the logged-in member.
#[derive(Clone, Debug)]
pub struct Header {
    pub display_name: String,
    pub unread_notifications: u64,
}

/// The member's row with the header's name and unread count: one statement per request.
struct WithHeader {
    user: user::Model,
    display_name: Option<String>,
    unread: i64,
}

impl sea_orm::FromQueryResult for WithHeader {
    fn from_query_result(res: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            user: user::Model::from_query_result(res, pre)?,
            display_name: res.try_get(pre, "display_name")?,
            unread: res.try_get(pre, "unread")?,
        })
    }
}

impl From<user::Model> for SessionUser {
    fn from(u: user::Model) -> Self {
        use sha2::Digest;
        let auth_hash = sha2::Sha256::digest(format!("{}:{}", u.id, u.security_stamp)).to_vec();
        Self {
            id: u.id,
            email: u.email,
            verified: u.email_verified_at.is_some(),
            admin: u.role == crate::domain::UserRole::Admin,
            suspended: u.suspended_at.is_some(),
            auth_hash,
            header: None,
        }
    }
}

/// A fresh security stamp (see `SessionUser::auth_hash`).
pub fn new_security_stamp() -> String {
    new_token().0
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
    #[error("password hashing: {0}")]
    Hashing(AppError),
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
            .map_err(BackendError::Hashing)?;
        Ok(found.filter(|_| ok).map(SessionUser::from))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, BackendError> {
        use super::entities::{notification, profile};
        use sea_orm::QuerySelect;
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
        let name = Query::select()
            .column(profile::Column::DisplayName)
            .from(profile::Entity)
            .and_where(profile::Column::UserId.eq(*id))
            .to_owned();
        let unread = Query::select()
            .expr(Expr::col(notification::Column::Id).count())
            .from(notification::Entity)
            .and_where(notification::Column::UserId.eq(*id))
            .and_where(notification::Column::ReadAt.is_null())
            .to_owned();
        let found = user::Entity::find_by_id(*id)
            .expr_as(Expr::SubQuery(None, Box::new(name.into())), "display_name")
            .expr_as(Expr::SubQuery(None, Box::new(unread.into())), "unread")
            .into_model::<WithHeader>()
            .one(&self.db)
            .await?;
        Ok(found
            .map(|row| SessionUser {
                header: Some(Header {
                    display_name: row.display_name.unwrap_or_default(),
                    unread_notifications: u64::try_from(row.unread).unwrap_or(0),
                }),
                ..SessionUser::from(row.user)
            })
            .filter(|u| !u.suspended))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// At most this many argon2id computations run at once (19 MiB each): one per core. More
/// would not finish sooner, only use more memory; a storm of logins waits here instead.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(cores()));

/// How long a request waits for a free hashing slot before it is told to come back later.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs `work` on the blocking pool once a hashing slot is free. (The server binary has
/// glibc return each 19 MiB block to the system when freed; see server/src/main.rs.)
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = tokio::time::timeout(HASHING_WAIT, HASHING.acquire())
        .await
        .map_err(|_| {
            tracing::warn!("password hashing is saturated");
            AppError::TooManyRequests {
                retry_after_secs: HASHING_WAIT.as_secs(),
            }
        })?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

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
    hashing(move || hash_password_blocking(&password)).await?
}

pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// The caller of a server function or page; every access decision starts here.
///
/// The one rule of who belongs to the community: an account counts as a member once its
/// address is confirmed (`Viewer::of`). Until then it may log in and keep its own things
/// (profile, drafts, account) and nothing of the community area: every gate that asks for
/// `member()` answers 403 "confirm your address first".
#[derive(Clone, Debug)]
pub enum Viewer {
    Anonymous,
    /// Logged in, address not confirmed yet.
    Unconfirmed(SessionUser),
    /// Logged in with a confirmed address.
    Member(SessionUser),
}

impl Viewer {
    pub async fn current() -> Result<Self, AppError> {
        let auth: AuthSession = leptos_axum::extract().await.map_err(|e| {
            tracing::error!(error = %e, "auth session missing");
            AppError::Internal
        })?;
        Ok(Self::of(auth.user))
    }

    /// Where the rule lives: a confirmed address makes an account a member.
    pub fn of(user: Option<SessionUser>) -> Self {
        match user {
            Some(u) if u.verified => Viewer::Member(u),
            Some(u) => Viewer::Unconfirmed(u),
            None => Viewer::Anonymous,
        }
    }

    /// The logged-in account, confirmed or not: for its own things only.
    pub fn account(&self) -> Result<&SessionUser, AppError> {
        match self {
            Viewer::Member(u) | Viewer::Unconfirmed(u) => Ok(u),
            Viewer::Anonymous => Err(AppError::Unauthenticated),
        }
    }

    /// A member of the community: a visitor is asked to log in, an unconfirmed account to
    /// confirm its address.
    pub fn member(&self) -> Result<&SessionUser, AppError> {
        match self {
            Viewer::Member(u) => Ok(u),
            Viewer::Unconfirmed(_) => Err(AppError::Unverified),
            Viewer::Anonymous => Err(AppError::Unauthenticated),
        }
    }

    /// Admin functions refuse everyone else: a visitor is asked to log in, a member is
    /// told they may not.
    pub fn admin(&self) -> Result<&SessionUser, AppError> {
        let user = self.account()?;
        if user.admin && user.verified {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The account's id, confirmed or not (its own things).
    pub fn id(&self) -> Option<Uuid> {
        self.account().ok().map(|u| u.id)
    }

    /// Who is asking, as the pure access rules see it.
    pub fn caller(&self) -> Caller {
        match self {
            Viewer::Member(u) => Caller::Member(u.id),
            Viewer::Unconfirmed(u) => Caller::Unconfirmed(u.id),
            Viewer::Anonymous => Caller::Visitor,
        }
    }

    /// A confirmed member: sees members-only text.
    pub fn is_member(&self) -> bool {
        matches!(self, Viewer::Member(_))
    }

    pub fn is_admin(&self) -> bool {
        self.admin().is_ok()
    }
}

pub use crate::domain::Caller;

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
    fn sessions_carry_a_digest_of_the_stamp_not_the_password_hash() {
        let mut u = user::Model {
            id: Uuid::new_v4(),
            email: "a@example.org".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            email_verified_at: None,
            created_at: chrono::Utc::now(),
            ui_language: None,
            security_stamp: new_security_stamp(),
            role: crate::domain::UserRole::Member,
            terms_accepted_at: None,
            suspended_at: None,
        };
        let before = SessionUser::from(u.clone());
        assert_eq!(before.session_auth_hash().len(), 32);
        let hash_bytes = u.password_hash.as_bytes();
        assert!(
            !before
                .session_auth_hash()
                .windows(8)
                .any(|w| hash_bytes.windows(8).any(|h| h == w)),
            "no part of the password hash is in the session"
        );
        u.password_hash = "changed".into();
        assert_eq!(
            SessionUser::from(u.clone()).session_auth_hash(),
            before.session_auth_hash()
        );
        u.security_stamp = new_security_stamp();
        assert_ne!(
            SessionUser::from(u).session_auth_hash(),
            before.session_auth_hash()
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
