//! Accounts: register, confirm the e-mail address, log in and out, change the password.

#[cfg(feature = "ssr")]
mod db;
mod pages;

pub use pages::{LoginPage, PasswordPage, RegisterPage, VerifyPage, VerifyReminder};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The logged-in member, as the header and pages need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub verified: bool,
}

/// Only local paths are followed after login, so `?next=` cannot send people elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/me",
    }
}

#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::backend::{AppState, Viewer};
    let Viewer::Member(user) = Viewer::current().await? else {
        return Ok(None);
    };
    let state = AppState::get()?;
    let display_name = db::display_name(&state.db, user.id).await?;
    Ok(Some(Me {
        id: user.id.to_string(),
        display_name,
        email: user.email,
        verified: user.verified,
    }))
}

#[server(endpoint = "register")]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::{DisplayName, Email, FieldErrors, Password};
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&email));
    let name = errors.check("display_name", DisplayName::parse(&display_name));
    let password = errors.check("password", Password::parse(&password, email.as_ref()));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(errors.into());
    };
    let lang = crate::backend::request_locale();
    db::register(
        &crate::backend::AppState::get()?,
        lang,
        email,
        name,
        password,
    )
    .await?;
    leptos_axum::redirect("/login?registered=1");
    Ok(())
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::auth::{AuthSession, Credentials};
    use crate::domain::{FieldErrors, Invalid};
    let mut errors = FieldErrors::default();
    if email.trim().is_empty() {
        errors.check::<()>("email", Err(Invalid::Required));
    }
    if password.is_empty() {
        errors.check::<()>("password", Err(Invalid::Required));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut auth: AuthSession = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    let creds = Credentials {
        email: email.trim().to_lowercase(),
        password,
    };
    let user = auth
        .authenticate(creds)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "authenticate");
            AppError::Internal
        })?
        .ok_or(AppError::BadCredentials)?;
    // The member's chosen interface language follows them to this browser.
    if let Some(lang) = db::ui_language(&crate::backend::AppState::get()?.db, user.id).await? {
        remember_language(&lang)?;
    }
    // login() also gives the session a new id, so a planted session id is worthless.
    auth.login(&user).await.map_err(|e| {
        tracing::error!(error = %e, "login");
        AppError::Internal
    })?;
    leptos_axum::redirect(safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::auth::AuthSession;
    let mut auth: AuthSession = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    auth.logout().await.map_err(|e| {
        tracing::error!(error = %e, "logout");
        AppError::Internal
    })?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    db::verify_email(&crate::backend::AppState::get()?, token.trim()).await
}

#[server(endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let user = viewer.member()?;
    if user.verified {
        return Ok(());
    }
    let lang = crate::backend::request_locale();
    db::send_verification(&AppState::get()?, lang, user.id, &user.email).await
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::backend::auth::AuthSession;
    use crate::backend::{AppState, Viewer};
    use crate::domain::{Email, FieldErrors, Invalid, Password};
    let viewer = Viewer::current().await?;
    let user = viewer.member()?.clone();
    let mut errors = FieldErrors::default();
    let email = Email::parse(&user.email).ok();
    let new = errors.check(
        "new_password",
        Password::parse(&new_password, email.as_ref()),
    );
    if new_password != confirm {
        errors.check::<()>("confirm", Err(Invalid::PasswordsDiffer));
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let state = AppState::get()?;
    let updated = db::change_password(&state, user.id, current, new).await?;
    // The stored hash changed, which ends every session; renew this one.
    let mut auth: AuthSession = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    auth.login(&updated).await.map_err(|_| AppError::Internal)?;
    Ok(())
}

/// The cookie leptos_i18n reads to pick the language of every page.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// Sets the language cookie for a year.
#[cfg(feature = "ssr")]
fn remember_language(lang: &str) -> Result<(), AppError> {
    use axum::http::{HeaderValue, header};
    let cookie = format!("{LANGUAGE_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    let res = expect_context::<leptos_axum::ResponseOptions>();
    res.append_header(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
    );
    Ok(())
}

/// Remembers the chosen interface language: in a cookie, and for members in their account
/// (restored when they log in elsewhere). Posted by a plain form, so it works without
/// JavaScript; the browser is then sent back to the page it came from.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let lang = match lang.trim() {
        l @ ("de" | "en") => l,
        _ => {
            return Err(AppError::invalid(
                "lang",
                crate::domain::Invalid::UnknownChoice,
            ));
        }
    };
    if let Viewer::Member(user) = Viewer::current().await? {
        db::set_ui_language(&AppState::get()?.db, user.id, lang).await?;
    }
    remember_language(lang)
}
