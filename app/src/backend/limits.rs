//! Rate limits for the actions an attacker would repeat: logging in, registering, asking
//! for mails, resetting passwords, and members' writes. Each action is limited per client address and, where
//! it names an account, per account (so spreading a password guess over many addresses does
//! not help). The rule is the GCRA (generic cell rate algorithm). On SQLite — one process —
//! governor's limiters keep it in memory; on PostgreSQL every server checks the same rows
//! (`rate_limits`, one atomic upsert per key), so N servers behind a balancer allow the
//! quota once, not N times. Both read the app's `Clock`, so a test that stops time sees the
//! same limits however slow its machine is.

use super::state::Clock;
use crate::error::AppError;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// The address a request came from: the peer, or the client a trusted reverse proxy names
/// in `X-Forwarded-For` (the server puts it into every request; see `trusted_proxies`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The client address of the current request (server functions only).
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<ClientIp>().copied())
            .ok_or_else(|| {
                tracing::error!("client address missing from the request");
                AppError::Internal
            })
    }
}

/// What is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Login,
    Register,
    /// Asking for a password-reset mail.
    ResetRequest,
    /// Setting a new password with a reset link.
    ResetPassword,
    /// Verification and e-mail-change mails.
    Mail,
    /// Changing the password or e-mail address (both check the current password).
    PasswordCheck,
    /// A member's change to their own content: saving, publishing or deleting an idea,
    /// saving the profile, dismissing a suggestion.
    Write,
    /// Feedback from visitors: a few from an address, and a bound for all of them together
    /// (`feedback_from_visitor`), so a botnet cannot bury the admins' list.
    Feedback,
}

/// Burst, then one more every `every`.
fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// The app's clock as governor's time source: nanoseconds since the Unix epoch.
#[derive(Clone)]
struct AppTime(Clock);

impl governor::clock::Clock for AppTime {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let nanos = self.0.now().timestamp_nanos_opt().unwrap_or_default();
        Nanos::from(u64::try_from(nanos).unwrap_or_default())
    }
}

type Limiter<K> = RateLimiter<K, DefaultKeyedStateStore<K>, AppTime, NoOpMiddleware<Nanos>>;

struct Limit {
    by_ip: Limiter<IpAddr>,
    by_account: Limiter<String>,
}

impl Limit {
    fn new(time: &AppTime, ip: Quota, account: Quota) -> Self {
        Self {
            by_ip: RateLimiter::new(ip, Default::default(), time.clone()),
            by_account: RateLimiter::new(account, Default::default(), time.clone()),
        }
    }
}

/// The key an account is counted under: its address as typed, trimmed and lower-cased,
/// cut at the longest possible address, so a huge login field cannot grow the table.
fn account_key(account: &str) -> String {
    account
        .trim()
        .chars()
        .take(crate::domain::Email::MAX)
        .collect::<String>()
        .to_lowercase()
}

#[derive(Clone)]
pub struct RateLimits {
    limits: Arc<[Limit; 8]>,
    /// Each action's quotas (by address, by account), for the shared check.
    quotas: Arc<[(Quota, Quota); 8]>,
    time: AppTime,
    /// PostgreSQL, where every server keeps the limits together.
    shared: Option<sea_orm::DatabaseConnection>,
}

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);

impl RateLimits {
    pub fn new(clock: Clock) -> Self {
        let time = AppTime(clock);
        let limit = |ip, account| (ip, account);
        let quotas = Arc::new([
            // Login: a person mistypes a few times; a guesser gets 30, then one per 2 s
            // from an address and 10, then one per 30 s, against one account.
            limit(quota(30, 2 * SECOND), quota(10, 30 * SECOND)),
            // Register: a shared office address may see several colleagues join at once.
            limit(quota(20, MINUTE), quota(3, 10 * MINUTE)),
            // Reset request: each sends a mail to someone's inbox.
            limit(quota(5, MINUTE), quota(3, 10 * MINUTE)),
            // Reset with a token.
            limit(quota(10, MINUTE), quota(5, MINUTE)),
            // Verification and e-mail-change mails.
            limit(quota(10, MINUTE), quota(3, 10 * MINUTE)),
            // Password checks of a logged-in member.
            limit(quota(20, 6 * SECOND), quota(10, 30 * SECOND)),
            // Writes: a person clears a list of suggestions or saves often; a script
            // filling the database is slowed to one a second.
            limit(quota(120, SECOND / 2), quota(60, SECOND)),
            // Visitors' feedback: 5 from an address, then one per 10 minutes; all visitors
            // together 60, then one a minute.
            limit(quota(5, 10 * MINUTE), quota(60, MINUTE)),
        ]);
        let limits = Arc::new((*quotas).map(|(ip, account)| Limit::new(&time, ip, account)));
        Self {
            limits,
            quotas,
            time,
            shared: None,
        }
    }

    /// Limits kept in the database, for several servers on one PostgreSQL.
    pub fn shared(clock: Clock, db: sea_orm::DatabaseConnection) -> Self {
        Self {
            shared: Some(db),
            ..Self::new(clock)
        }
    }

    fn limit(&self, action: Action) -> &Limit {
        &self.limits[action as usize]
    }

    /// Takes one attempt from the client's quota for `action` and, if given, from the
    /// account's; refuses with the time to wait when either is used up.
    pub async fn check(
        &self,
        action: Action,
        ip: ClientIp,
        account: Option<&str>,
    ) -> Result<(), AppError> {
        let Some(db) = &self.shared else {
            return self.check_in_process(action, ip, account);
        };
        let (by_ip, by_account) = self.quotas[action as usize];
        let refused = |wait: Duration| {
            tracing::info!(?action, ip = %ip.0, "rate limited");
            AppError::TooManyRequests {
                retry_after_secs: wait.as_secs() + 1,
            }
        };
        let key = shared::key(action, "ip", &ip.0.to_string());
        shared::take(db, &key, by_ip, self.now_ms())
            .await?
            .map_err(refused)?;
        if let Some(account) = account {
            let key = shared::key(action, "account", &account_key(account));
            shared::take(db, &key, by_account, self.now_ms())
                .await?
                .map_err(refused)?;
        }
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        self.time.0.now().timestamp_millis()
    }

    /// `check` with this process's limiters.
    fn check_in_process(
        &self,
        action: Action,
        ip: ClientIp,
        account: Option<&str>,
    ) -> Result<(), AppError> {
        let limit = self.limit(action);
        let refused = |not_until: governor::NotUntil<_>| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&self.time));
            tracing::info!(?action, ip = %ip.0, "rate limited");
            AppError::TooManyRequests {
                retry_after_secs: wait.as_secs() + 1,
            }
        };
        limit.by_ip.check_key(&ip.0).map_err(refused)?;
        if let Some(account) = account {
            limit
                .by_account
                .check_key(&account_key(account))
                .map_err(refused)?;
        }
        Ok(())
    }

    /// Takes one visitor's feedback from their address's quota and from all visitors'.
    pub async fn feedback_from_visitor(&self) -> Result<(), AppError> {
        self.check(Action::Feedback, ClientIp::current()?, Some("all visitors"))
            .await
    }

    /// Takes one write from the member's quota (and their address's).
    pub async fn write(&self, member: uuid::Uuid) -> Result<(), AppError> {
        self.check(
            Action::Write,
            ClientIp::current()?,
            Some(&member.to_string()),
        )
        .await
    }

    /// Forgets clients and accounts whose quota is full again, so memory (or the shared
    /// table) stays bounded.
    pub async fn forget_idle(&self) {
        for limit in self.limits.iter() {
            limit.by_ip.retain_recent();
            limit.by_ip.shrink_to_fit();
            limit.by_account.retain_recent();
            limit.by_account.shrink_to_fit();
        }
        if let Some(db) = &self.shared
            && let Err(e) = shared::forget(db, self.now_ms()).await
        {
            tracing::warn!(error = %e, "shared rate limits not tidied");
        }
    }
}

/// The GCRA on PostgreSQL: per key, the theoretical arrival time (TAT). A request at `now`
/// is allowed when `TAT - now <= tau` (tau = period × (burst − 1)), and moves the TAT to
/// `max(TAT, now) + period`: the same rule as governor's, in one atomic upsert.
mod shared {
    use governor::Quota;
    use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
    use std::time::Duration;

    /// The row's key: the action and a digest of the address or account, so the table
    /// holds no one's address or e-mail (and nothing to erase with an account).
    pub fn key(action: super::Action, of: &str, who: &str) -> String {
        use sha2::{Digest, Sha256};
        format!("{action:?}:{of}:{}", hex::encode(Sha256::digest(who)))
    }

    fn millis(d: Duration) -> i64 {
        i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
    }

    /// Takes one from `key`'s quota: `Err(wait)` when it is used up.
    pub async fn take(
        db: &DatabaseConnection,
        key: &str,
        quota: Quota,
        now: i64,
    ) -> Result<Result<(), Duration>, DbErr> {
        let period = millis(quota.replenish_interval());
        let tau = period * (i64::from(quota.burst_size().get()) - 1);
        let taken = db
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO rate_limits AS r (key, tat_ms) VALUES ($1, $2 + $3) \
                 ON CONFLICT (key) DO UPDATE SET tat_ms = GREATEST(r.tat_ms, $2) + $3 \
                 WHERE GREATEST(r.tat_ms, $2) - $2 <= $4 RETURNING tat_ms",
                [key.into(), now.into(), period.into(), tau.into()],
            ))
            .await?;
        if taken.is_some() {
            return Ok(Ok(()));
        }
        // Refused: allowed again once the TAT is within tau of the clock.
        let tat: i64 = db
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT tat_ms FROM rate_limits WHERE key = $1",
                [key.into()],
            ))
            .await?
            .map(|row| row.try_get("", "tat_ms"))
            .transpose()?
            .unwrap_or(now);
        let wait = u64::try_from(tat - tau - now).unwrap_or(0);
        Ok(Err(Duration::from_millis(wait)))
    }

    /// Drops keys whose quota is full again (their TAT has passed).
    pub async fn forget(db: &DatabaseConnection, now: i64) -> Result<(), DbErr> {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM rate_limits WHERE tat_ms < $1",
            [now.into()],
        ))
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeDelta, Utc};
    use std::sync::Mutex;

    /// A clock that moves only when the test says so.
    fn stopped() -> (Clock, Arc<Mutex<DateTime<Utc>>>) {
        let now = Arc::new(Mutex::new(Utc::now()));
        let read = now.clone();
        (Clock::from_fn(move || *read.lock().unwrap()), now)
    }

    #[test]
    fn login_is_limited_per_address_and_per_account() {
        let limits = RateLimits::new(stopped().0);
        let a = ClientIp("127.0.0.1".parse().unwrap());
        let b = ClientIp("127.0.0.2".parse().unwrap());
        for _ in 0..10 {
            assert!(
                limits
                    .check_in_process(Action::Login, a, Some("x@example.org"))
                    .is_ok()
            );
        }
        // The account's quota is used up, from any address; other accounts still work.
        let Err(AppError::TooManyRequests { retry_after_secs }) =
            limits.check_in_process(Action::Login, b, Some("X@example.org"))
        else {
            panic!("the eleventh attempt on one account is refused");
        };
        assert!((1..=31).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(
            limits
                .check_in_process(Action::Login, b, Some("y@example.org"))
                .is_ok()
        );
        // The address's quota: 30 attempts in all.
        for i in 0..19 {
            let account = format!("u{i}@example.org");
            assert!(
                limits
                    .check_in_process(Action::Login, a, Some(&account))
                    .is_ok(),
                "{i}"
            );
        }
        assert!(
            limits
                .check_in_process(Action::Login, a, Some("z@example.org"))
                .is_ok()
        );
        assert!(matches!(
            limits.check_in_process(Action::Login, a, Some("w@example.org")),
            Err(AppError::TooManyRequests { .. })
        ));
        // A huge login field is counted under the same short key as its start.
        assert_eq!(
            account_key(&format!("  A{}", "b".repeat(100_000))).len(),
            254
        );
        // Actions have separate quotas.
        assert!(limits.check_in_process(Action::Register, a, None).is_ok());
    }

    #[test]
    fn a_member_writes_sixty_times_in_a_row_then_once_a_second() {
        let (clock, now) = stopped();
        let limits = RateLimits::new(clock);
        let ip = ClientIp("127.0.0.1".parse().unwrap());
        let member = uuid::Uuid::new_v4().to_string();
        for i in 0..60 {
            assert!(
                limits
                    .check_in_process(Action::Write, ip, Some(&member))
                    .is_ok(),
                "{i}"
            );
        }
        let Err(AppError::TooManyRequests { retry_after_secs }) =
            limits.check_in_process(Action::Write, ip, Some(&member))
        else {
            panic!("the 61st write in a burst is refused");
        };
        assert!((1..=2).contains(&retry_after_secs), "{retry_after_secs}");
        // Another member on the same address still writes.
        let other = uuid::Uuid::new_v4().to_string();
        assert!(
            limits
                .check_in_process(Action::Write, ip, Some(&other))
                .is_ok()
        );
        // A second later the first member writes once more, and then waits again.
        *now.lock().unwrap() += TimeDelta::seconds(1);
        assert!(
            limits
                .check_in_process(Action::Write, ip, Some(&member))
                .is_ok()
        );
        assert!(
            limits
                .check_in_process(Action::Write, ip, Some(&member))
                .is_err()
        );
    }
}
