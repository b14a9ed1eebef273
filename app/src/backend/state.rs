use super::limits::RateLimits;
use super::mail::Mailer;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Where "now" comes from, so tests can move time (token expiry, submission windows).
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Self(Arc::new(Utc::now))
    }

    pub fn from_fn(f: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

/// Everything a server function needs, provided as Leptos context for each request.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub clock: Clock,
    /// The address people reach the site at, for links in e-mails.
    pub public_url: Arc<str>,
    /// Attempts left per client and account for logins, registrations and mails.
    pub limits: RateLimits,
    /// Changes whenever something visitors see may have changed (the server's cache of
    /// anonymous pages drops every page rendered before).
    pub public_pages: PublicPages,
    /// New contact requests a member may send within 24 hours.
    pub contact_requests_per_day: u32,
    /// Days an invitation into an idea's group stays open.
    pub invitation_days: u32,
    /// The hour (UTC) after which each day's notification digests go out.
    pub digest_hour: u32,
    /// Content with this many open reports is held pending review (0: never by reports).
    pub reports_to_hide: u32,
    /// How old a reporter's account must be for the report to count towards a hold.
    pub report_account_age: chrono::Duration,
    /// Live updates for members' open pages.
    pub events: super::events::Events,
}

/// A generation number of what anonymous visitors can see. Every write that changes a
/// public page (an idea published, edited, unpublished or deleted; an author's public name)
/// calls `changed`, in the same function that commits the write. On PostgreSQL the other
/// servers hear of it too (`events`: `NOTIFY`), so no server's page cache keeps serving
/// what changed through another one.
#[derive(Clone, Default)]
pub struct PublicPages {
    generation: Arc<std::sync::atomic::AtomicU64>,
    others: Option<tokio::sync::mpsc::UnboundedSender<()>>,
}

impl PublicPages {
    /// Public pages that tell every other server through `others` when they change.
    pub fn shared(others: tokio::sync::mpsc::UnboundedSender<()>) -> Self {
        Self {
            generation: Default::default(),
            others: Some(others),
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// A public page changed here: this server's cached pages are stale, and the others'.
    pub fn changed(&self) {
        self.heard();
        if let Some(others) = &self.others {
            // Nobody listening (a server shutting down) is fine.
            let _ = others.send(());
        }
    }

    /// A public page changed on another server (or what changed could not be heard).
    pub fn heard(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

impl AppState {
    /// The state of the current request (server functions and SSR only).
    pub fn get() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            crate::error::AppError::Internal
        })
    }
}
