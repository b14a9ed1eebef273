//! Live updates: telling a member's open pages that something changed for them. Each server
//! keeps a broadcast channel that its event streams (`/events`, server-sent events) read.
//! On PostgreSQL every event goes through `NOTIFY`/`LISTEN`, so a member whose page is
//! connected to another server hears it too. Events carry ids only, never content: the
//! page fetches what changed through the usual access checks.

use super::state::PublicPages;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL notification channel.
const CHANNEL: &str = "cip_events";

/// The channel on which a server says that a public page changed (no payload).
const PUBLIC: &str = "cip_public_pages";

/// The SSE event that carries the member's count of unread notifications: sent when a
/// stream opens and whenever the count changes.
pub const UNREAD: &str = "unread";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The member whose pages should hear it.
    pub to: Uuid,
    pub what: What,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum What {
    /// A new message in this conversation.
    Message(Uuid),
    /// A contact request arrived or was answered.
    Request,
    /// The member's unread notifications changed (new ones, or read in another tab). The
    /// stream sends the count as it is when the event reaches it.
    Notification,
    /// Someone else in the member's group saved, approved or withdrew this idea or
    /// submission: its open editor or submission page says so or shows the new state.
    Changed(Uuid),
}

impl What {
    /// The SSE event name and data; `None` for `Notification`, which the stream answers
    /// with the member's count (`UNREAD`).
    pub fn sse(self) -> Option<(&'static str, String)> {
        match self {
            What::Message(conversation) => Some(("message", conversation.to_string())),
            // Browsers drop events without data.
            What::Request => Some(("request", "new".to_owned())),
            What::Changed(id) => Some(("changed", id.to_string())),
            What::Notification => None,
        }
    }
}

#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<Event>,
    postgres: bool,
    /// Set when the server shuts down: open streams end, so shutdown need not wait.
    closing: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Events {
    /// On PostgreSQL, also listens for every server's events and public-page changes (and
    /// is listening when this returns, so nothing sent after start is missed), and returns
    /// the public pages that tell the other servers of their changes. On SQLite (one
    /// process) the public pages are this server's alone.
    pub async fn start(db: &DatabaseConnection) -> (Self, PublicPages) {
        let (tx, _) = broadcast::channel(1_024);
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let public = if postgres {
            let (changes, mut changed) = tokio::sync::mpsc::unbounded_channel();
            let public = PublicPages::shared(changes);
            let first = connect(db).await;
            if let Err(e) = &first {
                tracing::warn!(error = %e, "event listener not connected; retrying");
            }
            let (listen_db, tx, heard) = (db.clone(), tx.clone(), public.clone());
            tokio::spawn(async move {
                let mut next = first.ok();
                loop {
                    let listener = match next.take() {
                        Some(l) => Some(l),
                        None => connect(&listen_db).await.ok(),
                    };
                    if let Some(l) = listener {
                        // Changes made while no one listened were not heard: forget the
                        // cached pages (a no-op at start).
                        heard.heard();
                        if let Err(e) = forward(l, &tx, &heard).await {
                            tracing::warn!(error = %e, "event listener stopped; reconnecting");
                        }
                    }
                    // Back off a little before reconnecting to a restarting database.
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            });
            // This server's changes, told to every server (itself included, harmlessly).
            let notify_db = db.clone();
            tokio::spawn(async move {
                while changed.recv().await.is_some() {
                    // One notification stands for every change made meanwhile.
                    while changed.try_recv().is_ok() {}
                    let notify = Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "SELECT pg_notify($1, '')",
                        [PUBLIC.into()],
                    );
                    if let Err(e) = notify_db.execute_raw(notify).await {
                        tracing::warn!(error = %e, "public page change not told to other servers");
                    }
                }
            });
            public
        } else {
            PublicPages::default()
        };
        let (closing, _) = tokio::sync::watch::channel(false);
        let events = Self {
            tx,
            postgres,
            closing: closing.into(),
        };
        (events, public)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Becomes true when the server shuts down.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Sends events after their change is committed. A lost event costs only liveness:
    /// the change shows at the page's next load.
    pub async fn publish(&self, db: &DatabaseConnection, events: impl IntoIterator<Item = Event>) {
        for event in events {
            if !self.postgres {
                // No one listening is fine.
                let _ = self.tx.send(event);
                continue;
            }
            let Ok(payload) = serde_json::to_string(&event) else {
                continue;
            };
            let notify = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            );
            if let Err(e) = db.execute_raw(notify).await {
                tracing::warn!(error = %e, "event not sent");
            }
        }
    }
}

type Listener = sea_orm::sqlx::postgres::PgListener;

async fn connect(db: &DatabaseConnection) -> Result<Listener, sea_orm::sqlx::Error> {
    let mut listener = Listener::connect_with(db.get_postgres_connection_pool()).await?;
    listener.listen_all([CHANNEL, PUBLIC]).await?;
    Ok(listener)
}

/// Hands every notification on `CHANNEL` to this server's streams, and every one on
/// `PUBLIC` to its page cache, until the connection fails.
async fn forward(
    mut listener: Listener,
    tx: &broadcast::Sender<Event>,
    public: &PublicPages,
) -> Result<(), sea_orm::sqlx::Error> {
    loop {
        let n = listener.recv().await?;
        if n.channel() == PUBLIC {
            public.heard();
            continue;
        }
        match serde_json::from_str::<Event>(n.payload()) {
            Ok(event) => {
                let _ = tx.send(event);
            }
            Err(e) => tracing::warn!(error = %e, "unreadable event"),
        }
    }
}
