//! The logged-in member for the page being rendered. Pages render on the server, so every
//! login, logout or profile change is followed by a new page and a fresh `me`; no member
//! data stays in the browser.
//!
//! A refused plain form post's error reaches a new `ServerAction` through the context that
//! `components::provide_refused_action` sets from the request (never through the URL).

use crate::accounts::{Me, whoami};
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Me>, AppError>>,
}

impl Session {
    /// The logged-in member, or `Unauthenticated` for a visitor: what members-only pages
    /// wait for before they render.
    pub async fn member(self) -> Result<Me, AppError> {
        self.me.await?.ok_or(AppError::Unauthenticated)
    }
}

pub fn provide_session() -> Session {
    let session = Session {
        me: Resource::new(|| (), |_| whoami()),
    };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
