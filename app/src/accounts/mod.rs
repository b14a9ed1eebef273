//! Accounts: register, confirm the e-mail address, log in and out (here or everywhere),
//! change or reset the password, change the e-mail address, export the member's data,
//! delete the account.

#[cfg(feature = "ssr")]
mod db;
mod pages;

#[cfg(feature = "ssr")]
pub use db::check_password;
pub use pages::{
    AccountPage, ConfirmEmailChangePage, ForgotPasswordPage, GoodbyePage, LoginPage, PasswordPage,
    RegisterPage, ResetPasswordPage, VerifyPage,
};

use crate::error::AppError;
use leptos::prelude::*;

/// Where to go after logging in: `next` if it is a path on this site, else the member's
/// own area (see `domain::local_path` for what is refused and why).
pub fn safe_next(next: Option<&str>) -> &str {
    next.and_then(crate::domain::local_path).unwrap_or("/me")
}

/// Server-side helpers of the account functions below (and of account deletion).
#[cfg(feature = "ssr")]
pub(crate) mod session {
    use crate::backend::AppState;
    use crate::backend::auth::{AuthSession, SessionUser};
    use crate::backend::limits::{Action, ClientIp};
    use crate::error::AppError;

    pub async fn auth() -> Result<AuthSession, AppError> {
        leptos_axum::extract().await.map_err(|e| {
            tracing::error!(error = %e, "auth session missing");
            AppError::Internal
        })
    }

    /// Logs `user` into this browser under a new session id. axum-login renews the id only
    /// when a session had no member yet; renewing it at every login and every change of
    /// credentials makes an id that was planted or seen before worthless.
    pub async fn start(auth: &mut AuthSession, user: &SessionUser) -> Result<(), AppError> {
        auth.session.cycle_id().await.map_err(|e| {
            tracing::error!(error = %e, "cycle session id");
            AppError::Internal
        })?;
        auth.login(user).await.map_err(|e| {
            tracing::error!(error = %e, "login");
            AppError::Internal
        })
    }

    /// Logs this browser out and has it drop what it kept of the member: the service
    /// worker's caches and local storage (`Clear-Site-Data`).
    pub async fn end() -> Result<(), AppError> {
        auth().await?.logout().await.map_err(|e| {
            tracing::error!(error = %e, "logout");
            AppError::Internal
        })?;
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(
                axum::http::HeaderName::from_static("clear-site-data"),
                axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
            );
        }
        Ok(())
    }

    /// Takes one attempt of `action` from this client's (and the account's) quota.
    pub async fn limit(
        state: &AppState,
        action: Action,
        account: Option<&str>,
    ) -> Result<(), AppError> {
        state
            .limits
            .check(action, ClientIp::current()?, account)
            .await
    }
}

#[server(endpoint = "register")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    /// The consent checkbox: `on` when ticked, absent when not.
    accept_terms: Option<String>,
    /// The page that sent the newcomer here (an idea): where logging in and confirming lead.
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{DisplayName, Email, FieldErrors, Password, accept_terms as terms};
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&email));
    let name = errors.check("display_name", DisplayName::parse(&display_name));
    let password = errors.check("password", Password::parse(&password, email.as_ref()));
    let consent = errors.check("accept_terms", terms(accept_terms.as_deref()));
    let (Some(email), Some(name), Some(password), Some(())) = (email, name, password, consent)
    else {
        return Err(errors.into());
    };
    let state = crate::backend::AppState::get()?;
    session::limit(
        &state,
        crate::backend::limits::Action::Register,
        Some(email.as_str()),
    )
    .await?;
    let lang = crate::backend::request_locale();
    let next = next.as_deref().and_then(crate::domain::local_path);
    db::register(&state, lang, email, name, password, next).await?;
    leptos_axum::redirect(&match next {
        Some(n) => format!(
            "/login?registered=1&next={}",
            crate::components::urlencode(n)
        ),
        None => "/login?registered=1".to_owned(),
    });
    Ok(())
}

#[server(endpoint = "login")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::auth::{BackendError, Credentials};
    use crate::backend::limits::Action;
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
    let state = crate::backend::AppState::get()?;
    let email = email.trim().to_lowercase();
    session::limit(&state, Action::Login, Some(&email)).await?;
    let mut auth = session::auth().await?;
    let creds = Credentials { email, password };
    let user = auth
        .authenticate(creds)
        .await
        .map_err(|e| match e {
            axum_login::Error::Backend(BackendError::Hashing(e)) => e,
            axum_login::Error::Backend(BackendError::Db(e)) => e.into(),
            e => {
                tracing::error!(error = %e, "authenticate");
                AppError::Internal
            }
        })?
        .ok_or(AppError::BadCredentials)?;
    // Only the right password learns that the account is suspended.
    if user.suspended {
        return Err(crate::domain::ModerationRefusal::Suspended.into());
    }
    // The member's chosen interface language follows them to this browser.
    if let Some(lang) = db::ui_language(&state.db, user.id).await? {
        remember_language(&lang)?;
    }
    session::start(&mut auth, &user).await?;
    leptos_axum::redirect(safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "logout")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn logout() -> Result<(), AppError> {
    // This device's copies of the member's pages and drafts go too (the page asked first
    // if drafts were not on the server).
    session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Confirms the address with the link's token. A POST from the page the link opens (not
/// the GET of the link itself), so mail scanners that open links confirm nothing.
#[server(endpoint = "confirm_email")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn confirm_email(token: String, next: Option<String>) -> Result<(), AppError> {
    db::verify_email(&crate::backend::AppState::get()?, token.trim()).await?;
    leptos_axum::redirect(&match next.as_deref().and_then(crate::domain::local_path) {
        Some(n) => format!(
            "/verify?confirmed=1&next={}",
            crate::components::urlencode(n)
        ),
        None => "/verify?confirmed=1".to_owned(),
    });
    Ok(())
}

/// Sends a new confirmation link, then back to the page (`next`) that offered it.
#[server(endpoint = "resend_verification")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn resend_verification(next: Option<String>) -> Result<(), AppError> {
    use crate::backend::limits::Action;
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let user = viewer.account()?;
    if !user.verified {
        let state = AppState::get()?;
        session::limit(&state, Action::Mail, Some(&user.email)).await?;
        let lang = crate::backend::request_locale();
        let back = next.as_deref().and_then(crate::domain::local_path);
        db::send_verification(&state, lang, user.id, &user.email, back).await?;
    }
    leptos_axum::redirect(&format!(
        "{}?verification_sent=1",
        safe_next(next.as_deref())
    ));
    Ok(())
}

/// "Forgot password": the answer is the same whether or not the address is registered.
#[server(endpoint = "request_password_reset")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::limits::Action;
    use crate::domain::Email;
    let email = Email::parse(&email).map_err(|e| AppError::invalid("email", e))?;
    let state = AppState::get()?;
    session::limit(&state, Action::ResetRequest, Some(email.as_str())).await?;
    db::request_reset(&state, crate::backend::request_locale(), email).await?;
    leptos_axum::redirect("/password/forgot?sent=1");
    Ok(())
}

/// Sets a new password with the token from a reset mail; every session of the member ends.
#[server(endpoint = "reset_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::backend::AppState;
    use crate::backend::limits::Action;
    use crate::domain::{FieldErrors, Invalid, Password};
    let state = AppState::get()?;
    session::limit(&state, Action::ResetPassword, None).await?;
    let mut errors = FieldErrors::default();
    let new = errors.check("new_password", Password::parse(&new_password, None));
    if new_password != confirm {
        errors.check::<()>("confirm", Err(Invalid::PasswordsDiffer));
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    db::reset_password(&state, token.trim(), new).await?;
    // This browser may have been logged in as someone: after a reset it is nobody, and
    // what it kept for them (cached pages, drafts) goes, as at logout.
    session::end().await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// Asks to move the account to another address; the current password proves it is the
/// member, the link sent to the new address proves they own it.
#[server(endpoint = "request_email_change")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn request_email_change(new_email: String, password: String) -> Result<(), AppError> {
    use crate::backend::limits::Action;
    use crate::backend::{AppState, Viewer};
    use crate::domain::{Email, FieldErrors, Invalid};
    let viewer = Viewer::current().await?;
    let user = viewer.account()?;
    let mut errors = FieldErrors::default();
    let new = errors.check("new_email", Email::parse(&new_email));
    if password.is_empty() {
        errors.check::<()>("password", Err(Invalid::Required));
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let state = AppState::get()?;
    session::limit(&state, Action::PasswordCheck, Some(&user.email)).await?;
    session::limit(&state, Action::Mail, Some(&user.email)).await?;
    let member = db::check_password(&state, user.id, password, "password").await?;
    db::request_email_change(&state, crate::backend::request_locale(), &member, new).await?;
    leptos_axum::redirect("/me/account?sent=1");
    Ok(())
}

/// Confirms a new address (POST from the page the link opens). Every session ends; this
/// browser stays logged in if it is the member's.
#[server(endpoint = "confirm_email_change")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    use crate::backend::AppState;
    let state = AppState::get()?;
    let updated = db::confirm_email_change(&state, token.trim()).await?;
    let mut auth = session::auth().await?;
    if auth.user.as_ref().is_some_and(|u| u.id == updated.id) {
        session::start(&mut auth, &updated).await?;
        leptos_axum::redirect("/me/account?changed=1");
    } else {
        leptos_axum::redirect("/login?email_changed=1");
    }
    Ok(())
}

/// Ends every other session of the member (a lost phone, a shared computer).
#[server(endpoint = "logout_everywhere")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let user = viewer.account()?;
    let updated = db::rotate_stamp(&AppState::get()?.db, user.id).await?;
    let mut auth = session::auth().await?;
    session::start(&mut auth, &updated).await?;
    leptos_axum::redirect("/me/account?signed_out=1");
    Ok(())
}

#[server(endpoint = "change_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::backend::limits::Action;
    use crate::backend::{AppState, Viewer};
    use crate::domain::{Email, FieldErrors, Invalid, Password};
    let viewer = Viewer::current().await?;
    let user = viewer.account()?.clone();
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
    session::limit(&state, Action::PasswordCheck, Some(&user.email)).await?;
    let updated = db::change_password(&state, user.id, current, new).await?;
    // The security stamp changed, which ends every session; renew this one.
    let mut auth = session::auth().await?;
    session::start(&mut auth, &updated).await?;
    leptos_axum::redirect("/me/password?changed=1");
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
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
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
    if let Ok(user) = Viewer::current().await?.account() {
        db::set_ui_language(&AppState::get()?.db, user.id, lang).await?;
    }
    remember_language(lang)
}
