use crate::backend::auth::{
    SessionUser, hash_password, new_security_stamp, new_token, token_hash, verify_password,
};
use crate::backend::entities::{email_token, profile, user};
use crate::backend::{AppState, tags};
use crate::domain::{
    DisplayName, Email, FieldErrors, Invalid, OrganisationType, Password, UserRole,
};
use crate::error::AppError;
use crate::i18n::*;
use chrono::Duration;
use leptos_i18n::Locale as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

/// What an e-mail token is for (`email_tokens.purpose`).
const VERIFY: &str = "verify";
const RESET: &str = "reset";
const EMAIL_CHANGE: &str = "email";
const VERIFY_VALID_FOR_HOURS: i64 = 48;
const RESET_VALID_FOR_MINUTES: i64 = 60;
const EMAIL_CHANGE_VALID_FOR_HOURS: i64 = 24;

/// Creates the account, or — if the address is taken — tells its owner by mail, so the
/// answer on screen is the same either way and reveals nothing.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn ui_language(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Option<String>, AppError> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .and_then(|u| u.ui_language))
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn set_ui_language(
    db: &DatabaseConnection,
    user_id: Uuid,
    lang: &str,
) -> Result<(), AppError> {
    user::ActiveModel {
        id: Set(user_id),
        ui_language: Set(Some(lang.to_owned())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Mails go out in `lang`, the language the visitor was using.
#[tracing::instrument(skip_all)]
pub async fn register(
    state: &AppState,
    lang: Locale,
    email: Email,
    name: DisplayName,
    password: Password,
    next: Option<&str>,
) -> Result<(), AppError> {
    let hash = hash_password(password.expose().to_owned()).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?;
    if existing.is_some() {
        let body = td_string!(
            lang,
            mail.exists_body,
            link = format!("{}/login", state.public_url)
        )
        .to_string();
        if let Err(e) = state
            .mailer
            .send(email.as_str(), td_string!(lang, mail.exists_subject), body)
            .await
        {
            tracing::warn!(error = %e, "could not send already-registered notice");
        }
        return Ok(());
    }
    let id = Uuid::new_v4();
    let now = state.clock.now();
    let (token, token_hash) = new_token();
    let email_str = email.as_str().to_owned();
    let inserted = state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                user::ActiveModel {
                    id: Set(id),
                    email: Set(email_str),
                    password_hash: Set(hash),
                    email_verified_at: Set(None),
                    created_at: Set(now),
                    ui_language: Set(Some(lang.as_str().to_owned())),
                    security_stamp: Set(new_security_stamp()),
                    role: Set(UserRole::Member),
                    // The form does not register without it (`domain::accept_terms`).
                    terms_accepted_at: Set(Some(now)),
                    suspended_at: Set(None),
                }
                .insert(txn)
                .await?;
                profile::ActiveModel {
                    user_id: Set(id),
                    display_name: Set(name.into_inner()),
                    show_name_publicly: Set(true),
                    organisation_name: Set(String::new()),
                    organisation_type: Set(OrganisationType::Other),
                    role: Set(String::new()),
                    region: Set(String::new()),
                    bio: Set(String::new()),
                    experience: Set(String::new()),
                    open_to_partners: Set(true),
                    // New members most likely write in the language they registered in.
                    language: Set(crate::backend::written_in(lang)),
                    in_matching: Set(true),
                    contact_policy: Set(crate::domain::ContactPolicy::Everyone),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
                crate::search::index::profile(txn, id).await?;
                insert_token(
                    txn,
                    &token_hash,
                    id,
                    VERIFY,
                    now + Duration::hours(VERIFY_VALID_FOR_HOURS),
                    None,
                )
                .await?;
                Ok(())
            })
        })
        .await;
    match inserted {
        Ok(()) => {}
        // Two registrations raced for one address: the other one won; same answer.
        Err(sea_orm::TransactionError::Transaction(AppError::Internal))
            if email_taken(&state.db, email.as_str()).await =>
        {
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    if let Err(e) = send_verification_mail(state, lang, email.as_str(), &token, next).await {
        // The account exists; the member can ask for a new link from their account page.
        tracing::warn!(error = %e, "verification mail not sent");
    }
    Ok(())
}

async fn email_taken(db: &DatabaseConnection, email: &str) -> bool {
    matches!(
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await,
        Ok(Some(_))
    )
}

async fn insert_token<C: ConnectionTrait>(
    db: &C,
    hash: &str,
    user_id: Uuid,
    purpose: &str,
    expires_at: chrono::DateTime<chrono::Utc>,
    new_email: Option<&str>,
) -> Result<(), AppError> {
    email_token::ActiveModel {
        token_hash: Set(hash.to_owned()),
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        expires_at: Set(expires_at),
        new_email: Set(new_email.map(str::to_owned)),
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn send_verification_mail(
    state: &AppState,
    lang: Locale,
    to: &str,
    token: &str,
    next: Option<&str>,
) -> Result<(), AppError> {
    // After confirming, the member goes on where they came from (an idea, a call).
    let next = next
        .and_then(crate::domain::local_path)
        .map(|n| format!("&next={}", crate::components::urlencode(n)))
        .unwrap_or_default();
    let link = format!("{}/verify?token={token}{next}", state.public_url);
    let body = td_string!(
        lang,
        mail.verify_body,
        hours = VERIFY_VALID_FOR_HOURS,
        link = link
    )
    .to_string();
    state
        .mailer
        .send(to, td_string!(lang, mail.verify_subject), body)
        .await
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn send_verification(
    state: &AppState,
    lang: Locale,
    user_id: Uuid,
    email: &str,
    next: Option<&str>,
) -> Result<(), AppError> {
    let (token, hash) = new_token();
    let expires = state.clock.now() + Duration::hours(VERIFY_VALID_FOR_HOURS);
    insert_token(&state.db, &hash, user_id, VERIFY, expires, None).await?;
    send_verification_mail(state, lang, email, &token, next).await
}

/// Finds an unexpired token of `purpose` and deletes it together with every other token of
/// that purpose of its member: each link works once, and a newer one spends the older ones.
async fn spend_token<C: ConnectionTrait>(
    txn: &C,
    token: &str,
    purpose: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<email_token::Model, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::BadToken);
    }
    let found = email_token::Entity::find_by_id(token_hash(token))
        .filter(email_token::Column::Purpose.eq(purpose))
        .one(txn)
        .await?
        .ok_or(AppError::BadToken)?;
    if found.expires_at < now {
        return Err(AppError::BadToken);
    }
    email_token::Entity::delete_many()
        .filter(email_token::Column::UserId.eq(found.user_id))
        .filter(email_token::Column::Purpose.eq(purpose))
        .exec(txn)
        .await?;
    Ok(found)
}

#[tracing::instrument(skip_all)]
pub async fn verify_email(state: &AppState, token: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let token = token.to_owned();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let found = spend_token(txn, &token, VERIFY, now).await?;
                user::ActiveModel {
                    id: Set(found.user_id),
                    email_verified_at: Set(Some(now)),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                // A confirmed member can be matched.
                tags::refresh_profile_activity(txn, found.user_id, now).await?;
                Ok(())
            })
        })
        .await
        .map_err(AppError::from)
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn change_password(
    state: &AppState,
    user_id: Uuid,
    current: String,
    new: Password,
) -> Result<SessionUser, AppError> {
    check_password(state, user_id, current, "current").await?;
    let hash = hash_password(new.expose().to_owned()).await?;
    let updated = user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(hash),
        security_stamp: Set(new_security_stamp()),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    Ok(SessionUser::from(updated))
}

/// Checks the member's current password (for changes that need it), as field `field`.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn check_password(
    state: &AppState,
    user_id: Uuid,
    password: String,
    field: &str,
) -> Result<user::Model, AppError> {
    let found = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !verify_password(password, found.password_hash.clone()).await? {
        return Err(FieldErrors::single(field, Invalid::WrongPassword).into());
    }
    Ok(found)
}

/// A new security stamp ends every session of the member; the caller logs the current
/// one in again with the returned user.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn rotate_stamp(db: &DatabaseConnection, user_id: Uuid) -> Result<SessionUser, AppError> {
    let updated = user::ActiveModel {
        id: Set(user_id),
        security_stamp: Set(new_security_stamp()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(SessionUser::from(updated))
}

/// Mails a reset link if `email` belongs to a member. The caller answers the same either
/// way, and the mail goes out in the background, so neither the answer nor its timing
/// tells whether the address is registered.
#[tracing::instrument(skip_all)]
pub async fn request_reset(state: &AppState, lang: Locale, email: Email) -> Result<(), AppError> {
    let Some(found) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let (token, hash) = new_token();
    let expires = state.clock.now() + Duration::minutes(RESET_VALID_FOR_MINUTES);
    insert_token(&state.db, &hash, found.id, RESET, expires, None).await?;
    let link = format!("{}/password/reset?token={token}", state.public_url);
    let body = td_string!(
        lang,
        mail.reset_body,
        minutes = RESET_VALID_FOR_MINUTES,
        link = link
    )
    .to_string();
    let subject = td_string!(lang, mail.reset_subject);
    let mailer = state.mailer.clone();
    tokio::spawn(async move {
        if let Err(e) = mailer.send(&found.email, subject, body).await {
            tracing::warn!(error = %e, "reset mail not sent");
        }
    });
    Ok(())
}

/// Sets a new password with a reset link. The link proves the member reads the address, so
/// it also counts as confirming it. Every session ends (new stamp).
#[tracing::instrument(skip_all)]
pub async fn reset_password(state: &AppState, token: &str, new: Password) -> Result<(), AppError> {
    let now = state.clock.now();
    let token = token.to_owned();
    // Hash before the transaction: it takes a while and needs no lock.
    let hash = hash_password(new.expose().to_owned()).await?;
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let found = spend_token(txn, &token, RESET, now).await?;
                let m = user::Entity::find_by_id(found.user_id)
                    .one(txn)
                    .await?
                    .ok_or(AppError::BadToken)?;
                user::ActiveModel {
                    id: Set(m.id),
                    password_hash: Set(hash),
                    security_stamp: Set(new_security_stamp()),
                    email_verified_at: Set(m.email_verified_at.or(Some(now))),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                if m.email_verified_at.is_none() {
                    tags::refresh_profile_activity(txn, m.id, now).await?;
                }
                Ok(())
            })
        })
        .await
        .map_err(AppError::from)
}

/// Asks the new address to confirm the change and tells the old one. If the new address
/// belongs to another member, its owner is told instead (same answer on screen).
#[tracing::instrument(skip_all)]
pub async fn request_email_change(
    state: &AppState,
    lang: Locale,
    member: &user::Model,
    new: Email,
) -> Result<(), AppError> {
    if new.as_str() == member.email {
        return Err(FieldErrors::single("new_email", Invalid::SameEmail).into());
    }
    if email_taken(&state.db, new.as_str()).await {
        let body = td_string!(
            lang,
            mail.exists_body,
            link = format!("{}/login", state.public_url)
        )
        .to_string();
        if let Err(e) = state
            .mailer
            .send(new.as_str(), td_string!(lang, mail.exists_subject), body)
            .await
        {
            tracing::warn!(error = %e, "could not send already-registered notice");
        }
        return Ok(());
    }
    let (token, hash) = new_token();
    let expires = state.clock.now() + Duration::hours(EMAIL_CHANGE_VALID_FOR_HOURS);
    insert_token(
        &state.db,
        &hash,
        member.id,
        EMAIL_CHANGE,
        expires,
        Some(new.as_str()),
    )
    .await?;
    let link = format!("{}/email/confirm?token={token}", state.public_url);
    let body = td_string!(
        lang,
        mail.change_body,
        hours = EMAIL_CHANGE_VALID_FOR_HOURS,
        link = link
    )
    .to_string();
    state
        .mailer
        .send(new.as_str(), td_string!(lang, mail.change_subject), body)
        .await?;
    let notice = td_string!(lang, mail.change_notice_body, new = new.as_str()).to_string();
    if let Err(e) = state
        .mailer
        .send(
            &member.email,
            td_string!(lang, mail.change_notice_subject),
            notice,
        )
        .await
    {
        tracing::warn!(error = %e, "could not tell the old address");
    }
    Ok(())
}

/// Switches the member to the address the link was sent to. Every session ends (new
/// stamp); the caller logs the current browser in again if it belongs to the member.
#[tracing::instrument(skip_all)]
pub async fn confirm_email_change(state: &AppState, token: &str) -> Result<SessionUser, AppError> {
    let now = state.clock.now();
    let token = token.to_owned();
    let updated = state
        .db
        .transaction::<_, user::Model, AppError>(|txn| {
            Box::pin(async move {
                let found = spend_token(txn, &token, EMAIL_CHANGE, now).await?;
                let new = found.new_email.ok_or(AppError::BadToken)?;
                // Someone registered the address in the meantime: the link is spent.
                let taken = user::Entity::find()
                    .filter(user::Column::Email.eq(new.as_str()))
                    .one(txn)
                    .await?
                    .is_some();
                if taken {
                    return Err(AppError::BadToken);
                }
                Ok(user::ActiveModel {
                    id: Set(found.user_id),
                    email: Set(new),
                    email_verified_at: Set(Some(now)),
                    security_stamp: Set(new_security_stamp()),
                    ..Default::default()
                }
                .update(txn)
                .await?)
            })
        })
        .await?;
    Ok(SessionUser::from(updated))
}
