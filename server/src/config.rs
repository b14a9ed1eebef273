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
    /// `text` (one readable line per event) or `json` (one JSON object per line, with the
    /// request's id, method and path).
    pub log_format: String,
    /// Load demo data even when `public_url` is https (a public site with published demo
    /// passwords): off unless forced.
    pub demo_data_on_https: bool,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the real client (rate
    /// limits count per client). Empty: the peer address is the client; the header is
    /// ignored, since anyone can send it.
    pub trusted_proxies: Vec<String>,
    /// Accounts whose address was not confirmed within this many days are removed.
    pub unconfirmed_account_days: u32,
    /// A client must send its request head within this time, or the connection is closed.
    pub header_read_timeout_secs: u64,
    /// A request must be answered within this time (408 otherwise).
    pub request_timeout_secs: u64,
    /// Anonymous market and idea pages are kept in memory this long at most (and dropped at
    /// once when something public changes); 0 switches the cache off.
    pub page_cache_secs: u64,
    /// `/metrics` answers a scraper that sends `Authorization: Bearer <this>`; empty: off.
    pub metrics_token: String,
    /// How often an open `/events` stream checks that its session still stands (logout
    /// everywhere, a new password, suspension or deletion end it within this time).
    pub events_recheck_secs: u64,
    /// New contact requests a member may send within 24 hours.
    pub contact_requests_per_day: u32,
    /// Days an invitation into an idea's group stays open before it expires.
    pub invitation_days: u32,
    /// The hour (UTC, 0–23) after which each day's notification digests go out.
    pub digest_hour: u32,
    /// Content with this many open reports from different members is hidden pending an
    /// admin's review; 0 leaves it to the admins alone.
    pub reports_to_hide: u32,
    /// Reports count towards `reports_to_hide` only from confirmed members whose account is
    /// at least this many hours old (throwaway accounts cannot hide anything).
    pub report_account_hours: u32,
    /// The time zone every time is shown and entered in (an IANA name): deadlines, messages,
    /// the audit log. Stored times are UTC.
    pub time_zone: String,
    /// End-to-end tests only: `POST /test/clock` moves the server's clock. Refused unless
    /// `loopback_only`.
    pub test_clock: bool,
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
            log_format: "text".into(),
            demo_data_on_https: false,
            trusted_proxies: Vec::new(),
            unconfirmed_account_days: 7,
            header_read_timeout_secs: 10,
            request_timeout_secs: 30,
            page_cache_secs: 30,
            metrics_token: String::new(),
            events_recheck_secs: 30,
            contact_requests_per_day: 20,
            invitation_days: 14,
            digest_hour: 6,
            reports_to_hide: 3,
            report_account_hours: 24,
            time_zone: "Europe/Berlin".into(),
            test_clock: false,
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

    /// Demo members have a published password: never on a public https site unless forced.
    pub fn load_demo_data(&self) -> bool {
        self.demo_data && (!self.public_url.starts_with("https://") || self.demo_data_on_https)
    }

    /// Whether only this machine can reach the server: it listens on a loopback address and
    /// is reached at one.
    pub fn loopback_only(&self) -> bool {
        let listens = self
            .site_addr
            .parse::<std::net::SocketAddr>()
            .is_ok_and(|a| a.ip().is_loopback());
        let reached = self
            .public_url
            .parse::<axum::http::Uri>()
            .ok()
            .and_then(|u| u.host().map(|h| h.trim_matches(['[', ']']).to_owned()))
            .is_some_and(|h| {
                h == "localhost"
                    || h.parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            });
        listens && reached
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}
