//! Outgoing mail through lettre: a folder of .eml files by default (the demo needs no mail
//! server, and tests read it), SMTP when configured.

use crate::error::AppError;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

#[derive(Clone)]
enum Transport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub fn file(dir: impl Into<PathBuf>, from: &str) -> Result<Self, String> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| format!("mail outbox {}: {e}", dir.display()))?;
        Ok(Self {
            transport: Transport::File(AsyncFileTransport::new(dir)),
            from: from
                .parse()
                .map_err(|e| format!("mail sender {from:?}: {e}"))?,
        })
    }

    /// `url` like `smtps://user:pass@mail.example.org:465` or `smtp://localhost:25`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("smtp url: {e}"))?
            .build();
        Ok(Self {
            transport: Transport::Smtp(transport),
            from: from
                .parse()
                .map_err(|e| format!("mail sender {from:?}: {e}"))?,
        })
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), AppError> {
        let to: Mailbox = to.parse().map_err(|_| AppError::BadRequest)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| {
                tracing::error!(error = %e, "building mail");
                AppError::Internal
            })?;
        let sent = match &self.transport {
            Transport::File(t) => t.send(message).await.map(drop).map_err(|e| e.to_string()),
            Transport::Smtp(t) => t.send(message).await.map(drop).map_err(|e| e.to_string()),
        };
        let counter = if sent.is_ok() { &SENT } else { &FAILED };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sent.map_err(|e| {
            tracing::error!(error = %e, "sending mail");
            AppError::Internal
        })
    }
}

/// Mails handed to the transport, and mails it refused, since the process started (the
/// server's `/metrics`).
pub static SENT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static FAILED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
