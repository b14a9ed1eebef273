//! The logged-in member for the whole app, fetched again whenever a page calls `refresh()`
//! (after logging in, or a change of display name). Logging out reloads the page.
//!
//! Actions whose errors a page shows must be created inside the routes: only there does
//! Leptos hand a no-JavaScript form post's error (`?__err=`) to a new `ServerAction`.

use crate::accounts::{Me, whoami};
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Me>, AppError>>,
    changed: RwSignal<usize>,
}

impl Session {
    /// Tells the app that the member's own data changed, so `me` is fetched again.
    pub fn refresh(&self) {
        self.changed.update(|v| *v += 1);
    }

    /// The logged-in member, or `Unauthenticated` for a visitor: what members-only pages
    /// wait for before they render.
    pub async fn member(self) -> Result<Me, AppError> {
        self.me.await?.ok_or(AppError::Unauthenticated)
    }
}

pub fn provide_session() -> Session {
    let changed = RwSignal::new(0);
    let me = Resource::new(move || changed.get(), |_| whoami());
    let session = Session { me, changed };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
