//! `/workshops/{id}/calendar.ics`: a workshop as a file calendar apps import
//! (`app::workshops::db::calendar`), in the language of the page that links it.

use app::backend::AppState;
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn workshop(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let l = match q.get("lang").map(String::as_str) {
        Some("en") => Locale::en,
        _ => Locale::de,
    };
    match app::workshops::db::calendar(&state.db, &state.public_url, l, id).await {
        Ok(ics) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"workshop.ics\"",
                ),
            ],
            ics,
        )
            .into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
