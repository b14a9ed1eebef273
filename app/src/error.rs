//! One error type for every server function: `texts::error` is its message for the user
//! (in their language; Display is English, for logs), `status()` the HTTP status, and
//! server-side causes are logged where they happen.

use crate::domain::{FieldErrors, Invalid, Refusal};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the marked fields: {0}")]
    Invalid(FieldErrors),
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("Please confirm your e-mail address first — we sent you a link.")]
    Unverified,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("We could not find that page or item.")]
    NotFound,
    #[error("E-mail address or password is not correct.")]
    BadCredentials,
    #[error("This link is invalid or has expired. Request a new one from your account page.")]
    BadToken,
    #[error("This idea was changed elsewhere in the meantime. Reload it to see the newer version.")]
    Stale,
    /// The groups a choice was made for changed before it was carried out (a member left,
    /// an idea gained a group): the choice is asked again.
    #[error("Your groups changed in the meantime. Look at them again and choose again.")]
    GroupsChanged,
    #[error("The request could not be understood. Please reload the page and try again.")]
    BadRequest,
    #[error("Too many attempts. Please wait {retry_after_secs} seconds and try again.")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Refused(Refusal),
    #[error("We could not reach the server. Check your connection and try again.")]
    Offline,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The database cannot be reached or written (down, restarting, disk full, read-only):
    /// nothing was changed, and asking again later will work.
    #[error(
        "The platform is briefly unavailable. Nothing was changed; please try again in a minute."
    )]
    Unavailable,
}

impl AppError {
    pub fn invalid(field: &str, error: Invalid) -> Self {
        Self::Invalid(FieldErrors::single(field, error))
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::Unauthenticated | Self::BadCredentials => 401,
            Self::Unverified | Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Stale | Self::GroupsChanged => 409,
            Self::BadToken | Self::BadRequest => 400,
            Self::TooManyRequests { .. } => 429,
            Self::Refused(r) => r.status(),
            Self::Offline | Self::Internal => 500,
            Self::Unavailable => 503,
        }
    }

    /// Seconds after which asking again makes sense (`Retry-After`), for errors that pass.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            Self::Unavailable => Some(UNAVAILABLE_RETRY_SECS),
            _ => None,
        }
    }
}

/// How soon to ask again while the database is unavailable.
pub const UNAVAILABLE_RETRY_SECS: u64 = 5;

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

/// Each feature's refusal is an `AppError` as it is: `Err(GroupRefusal::GroupFull)?`.
macro_rules! refused {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(r: $t) -> Self {
                Self::Refused(r.into())
            }
        }
    )*};
}
refused!(
    crate::domain::CommentRefusal,
    crate::domain::ContactRefusal,
    crate::domain::ContestRefusal,
    crate::domain::GroupRefusal,
    crate::domain::JuryRefusal,
    crate::domain::ModerationRefusal,
    crate::domain::ShowcaseRefusal,
    crate::domain::WorkshopRefusal
);

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => Self::Offline,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// Logged with where the statement failed (`at`: the `?` that converted it) inside the
    /// span of the function that ran it, whose fields name what it acted on.
    #[track_caller]
    fn from(err: sea_orm::DbErr) -> Self {
        let at = std::panic::Location::caller();
        if unavailable(&err) {
            tracing::warn!(error = %err, %at, "database unavailable");
            return Self::Unavailable;
        }
        tracing::error!(error = %err, %at, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
/// Whether the error is the database's state rather than the statement's: no connection,
/// a connection lost, a server shutting down, a full disk or a read-only file.
fn unavailable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match &**sqlx {
        Sqlx::Io(_) | Sqlx::Protocol(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed => true,
        Sqlx::WorkerCrashed => true,
        Sqlx::Database(e) => e.code().is_some_and(|code| unavailable_code(&code)),
        _ => false,
    }
}

/// PostgreSQL's SQLSTATEs (always five characters) for a lost connection (08), exhausted
/// resources such as a full disk (53), a shutdown (57P) and a read-only transaction;
/// SQLite's result codes (at most four digits; the low byte is the primary code) for
/// read-only, I/O error, full and cannot open.
pub fn unavailable_code(code: &str) -> bool {
    if code.len() == 5 {
        return code.starts_with("08")
            || code.starts_with("53")
            || code.starts_with("57P")
            || code == "25006";
    }
    code.parse::<i32>()
        .is_ok_and(|n| matches!(n & 0xff, 8 | 10 | 13 | 14))
}

#[cfg(feature = "ssr")]
impl<E: std::fmt::Display> From<sea_orm::TransactionError<E>> for AppError
where
    E: Into<AppError> + std::error::Error,
{
    #[track_caller]
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_unavailable_is_503_with_a_time_to_ask_again() {
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(
            AppError::Unavailable.retry_after_secs(),
            Some(UNAVAILABLE_RETRY_SECS)
        );
        assert_eq!(AppError::Internal.retry_after_secs(), None);
    }

    #[test]
    fn codes_of_an_unreachable_or_unwritable_database() {
        // PostgreSQL: connection failure, disk full, shutting down, read-only.
        for code in ["08006", "53100", "57P01", "57P03", "25006"] {
            assert!(unavailable_code(code), "{code}");
        }
        // A unique violation or a syntax error is the statement's fault.
        for code in ["23505", "42601"] {
            assert!(!unavailable_code(code), "{code}");
        }
        // SQLite: READONLY, READONLY_DBMOVED (1032), IOERR, FULL, CANTOPEN; not CONSTRAINT.
        for code in ["8", "1032", "10", "13", "14"] {
            assert!(unavailable_code(code), "{code}");
        }
        assert!(!unavailable_code("2067"), "a unique constraint");
    }
}
