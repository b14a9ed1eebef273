use crate::backend::AppState;
use crate::backend::auth::{SessionUser, hash_password, new_token, token_hash, verify_password};
use crate::backend::entities::{email_token, profile, user};
use crate::domain::{DisplayName, Email, FieldErrors, Invalid, OrganisationType, Password};
use crate::error::AppError;
use crate::i18n::*;
use chrono::Duration;
use leptos_i18n::Locale as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

const VERIFY: &str = "verify";
const VERIFY_VALID_FOR_HOURS: i64 = 48;

pub async fn display_name(db: &DatabaseConnection, user_id: Uuid) -> Result<String, AppError> {
    Ok(profile::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default())
}

/// Creates the account, or — if the address is taken — tells its owner by mail, so the
/// answer on screen is the same either way and reveals nothing.
pub async fn ui_language(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Option<String>, AppError> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .and_then(|u| u.ui_language))
}

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
pub async fn register(
    state: &AppState,
    lang: Locale,
    email: Email,
    name: DisplayName,
    password: Password,
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
                }
                .insert(txn)
                .await?;
                profile::ActiveModel {
                    user_id: Set(id),
                    display_name: Set(name.into_inner()),
                    show_name_publicly: Set(true),
                    organisation_name: Set(String::new()),
                    organisation_type: Set(OrganisationType::Other.key().to_owned()),
                    role: Set(String::new()),
                    region: Set(String::new()),
                    bio: Set(String::new()),
                    experience: Set(String::new()),
                    open_to_partners: Set(true),
                    // New members most likely write in the language they registered in.
                    language: Set(lang.as_str().to_owned()),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?;
                insert_token(
                    txn,
                    &token_hash,
                    id,
                    now + Duration::hours(VERIFY_VALID_FOR_HOURS),
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
    if let Err(e) = send_verification_mail(state, lang, email.as_str(), &token).await {
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
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    email_token::ActiveModel {
        token_hash: Set(hash.to_owned()),
        user_id: Set(user_id),
        purpose: Set(VERIFY.to_owned()),
        expires_at: Set(expires_at),
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
) -> Result<(), AppError> {
    let link = format!("{}/verify?token={token}", state.public_url);
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

pub async fn send_verification(
    state: &AppState,
    lang: Locale,
    user_id: Uuid,
    email: &str,
) -> Result<(), AppError> {
    let (token, hash) = new_token();
    let expires = state.clock.now() + Duration::hours(VERIFY_VALID_FOR_HOURS);
    insert_token(&state.db, &hash, user_id, expires).await?;
    send_verification_mail(state, lang, email, &token).await
}

pub async fn verify_email(state: &AppState, token: &str) -> Result<(), AppError> {
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::BadToken);
    }
    let now = state.clock.now();
    let hash = token_hash(token);
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let found = email_token::Entity::find_by_id(hash)
                    .filter(email_token::Column::Purpose.eq(VERIFY))
                    .one(txn)
                    .await?
                    .ok_or(AppError::BadToken)?;
                if found.expires_at < now {
                    return Err(AppError::BadToken);
                }
                user::ActiveModel {
                    id: Set(found.user_id),
                    email_verified_at: Set(Some(now)),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                // Every verification link of this member is spent now.
                email_token::Entity::delete_many()
                    .filter(email_token::Column::UserId.eq(found.user_id))
                    .filter(email_token::Column::Purpose.eq(VERIFY))
                    .exec(txn)
                    .await?;
                Ok(())
            })
        })
        .await
        .map_err(AppError::from)
}

pub async fn change_password(
    state: &AppState,
    user_id: Uuid,
    current: String,
    new: Password,
) -> Result<SessionUser, AppError> {
    let found = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !verify_password(current, found.password_hash.clone()).await? {
        return Err(FieldErrors::single("current", Invalid::WrongPassword).into());
    }
    let hash = hash_password(new.expose().to_owned()).await?;
    let updated = user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(hash),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    Ok(SessionUser::from(updated))
}
