//! `/me/data.json`: "Export my data" (`app::accounts::export`), a download for the member
//! whose session asks; anyone else is sent to log in.

use app::backend::AppState;
use app::backend::auth::AuthSession;
use app::backend::limits::{Action, ClientIp};
use axum::Extension;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn download(
    auth: AuthSession,
    Extension(ip): Extension<ClientIp>,
    State(state): State<AppState>,
) -> Response {
    let Some(user) = auth.user else {
        return Redirect::to("/login?next=/me/account").into_response();
    };
    // A large read: bounded like a write, so it cannot be used to load the server.
    let account = user.id.to_string();
    if let Err(e) = state.limits.check(Action::Write, ip, Some(&account)).await {
        return StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::TOO_MANY_REQUESTS)
            .into_response();
    }
    let now = state.clock.now();
    match app::compositions::my_data::export::everything(&state.db, user.id, now).await {
        Ok(data) => {
            let file = format!(
                "attachment; filename=\"civic-innovation-platform-data-{}.json\"",
                now.format("%Y-%m-%d")
            );
            let body = serde_json::to_string_pretty(&data).unwrap_or_default();
            (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/json; charset=utf-8".to_owned(),
                    ),
                    (header::CONTENT_DISPOSITION, file),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "data export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
