//! Runtime configuration: defaults, then `Leptos.toml` (or the file named by
//! `CIP_CONFIG`), then environment variables `CIP_<KEY>` — see README.md.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    /// Address to listen on.
    pub site_addr: String,
    /// Address people reach the site at (links in e-mails; https here turns on Secure cookies).
    pub public_url: String,
    /// `sqlite://data/cip.sqlite?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    /// Load demo profiles and ideas into an empty database.
    pub demo_data: bool,
    /// `file` (write .eml files to `mail_outbox`) or `smtp` (send through `smtp_url`).
    pub mail_transport: String,
    pub mail_outbox: String,
    pub mail_from: String,
    pub smtp_url: String,
    /// Force the Secure cookie flag on or off; unset means "when public_url is https".
    pub secure_cookies: Option<bool>,
    /// Where cargo-leptos put the built site (pkg/ and static assets).
    pub site_root: String,
    /// tracing filter, e.g. `info` or `server=debug,tower_http=debug`.
    pub log: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site_addr: "127.0.0.1:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            database_url: "sqlite://data/cip.sqlite?mode=rwc".into(),
            demo_data: false,
            mail_transport: "file".into(),
            mail_outbox: "data/outbox".into(),
            mail_from: "Civic Innovation Platform <noreply@civic-innovation.invalid>".into(),
            smtp_url: String::new(),
            secure_cookies: None,
            site_root: "target/site".into(),
            log: "info".into(),
        }
    }
}

impl Config {
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var("CIP_CONFIG").unwrap_or_else(|_| "Leptos.toml".into());
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("CIP_").ignore(&["config"]))
            .extract()
            .map_err(Box::new)
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| self.public_url.starts_with("https://"))
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}
