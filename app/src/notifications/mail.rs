//! Notifications by mail: at once, or in one daily digest per member, as each member
//! chooses per kind (`db::settings`; defaults in `NotificationKind::default_delivery`).
//!
//! Nothing is mailed twice: a job first claims what it sends with one UPDATE that only
//! takes rows no job has claimed (`mail_claim IS NULL`), so two servers, or two runs on
//! one, never take the same notification; a crash after the claim loses those mails rather
//! than sending them again. Digests are claimed, rendered and sent in one batch for every
//! member who is due, not one job per member.
//!
//! Mails leave our access control: they carry a short heading (who did what, the idea's
//! title) and a link, never a description, message or comment.

use crate::backend::AppState;
use crate::backend::entities::{notification, user};
use crate::backend::events::{Event, What};
use crate::backend::sql::Sql;
use crate::domain::{Delivery, NotificationKind};
use crate::error::AppError;
use crate::i18n::*;
use crate::texts;
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The delivery of notification `n` given the member's setting `s`, in SQL.
fn delivery_sql() -> String {
    let mut case = String::from("COALESCE(s.delivery, CASE n.kind");
    for k in NotificationKind::ALL {
        case.push_str(&format!(
            " WHEN '{}' THEN '{}'",
            k.key(),
            k.default_delivery().key()
        ));
    }
    case.push_str(" END)");
    case
}

/// Claims every unclaimed notification with `delivery` (and `extra` conditions on `n`)
/// for the job `claim`.
async fn claim<C: ConnectionTrait>(
    db: &C,
    delivery: Delivery,
    claim: Uuid,
    extra: impl Fn(&mut Sql),
) -> Result<u64, AppError> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("UPDATE notifications SET mail_claim = ")
        .bind(claim)
        .push(
            " WHERE mail_claim IS NULL AND id IN (SELECT n.id FROM notifications n \
             LEFT JOIN notification_settings s ON s.user_id = n.user_id AND s.kind = n.kind \
             WHERE n.mail_claim IS NULL AND ",
        )
        .push(&delivery_sql())
        .push(" = ")
        .bind(delivery.key());
    extra(&mut sql);
    sql.push(")");
    Ok(db.execute_raw(sql.statement()).await?.rows_affected())
}

/// Claims for no job (`Uuid::nil()`) what is never to be mailed: kinds the member wants no
/// mail of, and what they have already read in the app.
async fn set_aside(db: &DatabaseConnection) -> Result<(), AppError> {
    claim(db, Delivery::Off, Uuid::nil(), |_| {}).await?;
    notification::Entity::update_many()
        .col_expr(notification::Column::MailClaim, Expr::value(Uuid::nil()))
        .filter(notification::Column::MailClaim.is_null())
        .filter(notification::Column::ReadAt.is_not_null())
        .exec(db)
        .await?;
    Ok(())
}

/// One mail to send.
struct Mail {
    to: String,
    subject: String,
    body: String,
}

/// What the claimed notifications need for their headings: recipients' addresses and
/// languages, actors' names, ideas' titles.
struct Facts {
    rows: Vec<notification::Model>,
    recipients: HashMap<Uuid, (String, Locale)>,
    names: HashMap<Uuid, String>,
    titles: HashMap<Uuid, String>,
}

async fn facts(db: &DatabaseConnection, claim: Uuid) -> Result<Facts, AppError> {
    let rows = notification::Entity::find()
        .filter(notification::Column::MailClaim.eq(claim))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?;
    let mut users: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    users.sort();
    users.dedup();
    let mut recipients = HashMap::new();
    // In chunks: a digest run may cover tens of thousands of members.
    for chunk in users.chunks(5_000) {
        let found: Vec<(Uuid, String, Option<String>)> = user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .select_only()
            .columns([
                user::Column::Id,
                user::Column::Email,
                user::Column::UiLanguage,
            ])
            .into_tuple()
            .all(db)
            .await?;
        for (id, email, lang) in found {
            let locale = match lang.as_deref() {
                Some("en") => Locale::en,
                _ => Locale::de,
            };
            recipients.insert(id, (email, locale));
        }
    }
    let mut actors: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    actors.sort();
    actors.dedup();
    let mut names = HashMap::new();
    for chunk in actors.chunks(5_000) {
        names.extend(crate::shared::people::names(db, chunk.iter().copied()).await?);
    }
    let mut ideas: Vec<Uuid> = rows.iter().filter_map(|r| r.idea_id).collect();
    ideas.sort();
    ideas.dedup();
    let mut titles = HashMap::new();
    for chunk in ideas.chunks(5_000) {
        titles.extend(crate::shared::ideas::titles(db, chunk.iter().copied()).await?);
    }
    Ok(Facts {
        rows,
        recipients,
        names,
        titles,
    })
}

impl Facts {
    fn heading(&self, l: Locale, r: &notification::Model) -> String {
        let actor = r
            .actor_id
            .and_then(|a| self.names.get(&a))
            .map(String::as_str);
        let idea = r
            .idea_id
            .and_then(|i| self.titles.get(&i))
            .map(String::as_str);
        crate::notifications::labels::notification(l, r.kind, actor, idea)
    }
}

/// Sends the mails, one after another; a failed one is logged and not tried again.
async fn send(state: &AppState, claim: Uuid, mails: Vec<Mail>) -> Result<usize, AppError> {
    let mut sent = 0;
    for m in mails {
        match state.mailer.send(&m.to, &m.subject, m.body).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "notification mail not sent"),
        }
    }
    notification::Entity::update_many()
        .col_expr(
            notification::Column::MailedAt,
            Expr::value(state.clock.now()),
        )
        .filter(notification::Column::MailClaim.eq(claim))
        .exec(&state.db)
        .await?;
    Ok(sent)
}

fn footer(state: &AppState, l: Locale) -> String {
    td_string!(
        l,
        notifications.mail_footer,
        link = format!("{}/me/notifications", state.public_url)
    )
    .to_string()
}

/// Mails what members want to hear about at once (and sets aside what they want never).
/// Called after each change that notified someone.
#[tracing::instrument(skip_all)]
pub async fn send_immediate(state: &AppState) -> Result<usize, AppError> {
    set_aside(&state.db).await?;
    let job = Uuid::new_v4();
    if claim(&state.db, Delivery::Immediately, job, |_| {}).await? == 0 {
        return Ok(0);
    }
    let f = facts(&state.db, job).await?;
    let mails = f
        .rows
        .iter()
        .filter_map(|r| {
            let (to, l) = f.recipients.get(&r.user_id)?;
            let heading = f.heading(*l, r);
            let body = format!(
                "{heading}\n\n{}{}\n\n-- \n{}\n",
                state.public_url,
                r.link,
                footer(state, *l)
            );
            Some(Mail {
                to: to.clone(),
                subject: heading,
                body,
            })
        })
        .collect();
    send(state, job, mails).await
}

/// After a change that notified someone, once it is committed: their open pages hear of it
/// (the header's count) and what is due at once is mailed. A failure is logged; the change
/// itself stands.
pub async fn after_change(state: &AppState, notified: super::db::Notified) {
    if notified.0.is_empty() {
        return;
    }
    let heard = notified.0.into_iter().map(|to| Event {
        to,
        what: What::Notification,
    });
    state.events.publish(&state.db, heard).await;
    if let Err(e) = send_immediate(state).await {
        tracing::warn!(error = %e, "notification mails");
    }
}

/// The digest time at or before `now`: today's `hour` (UTC), or yesterday's.
pub fn digest_slot(now: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let today = now
        .date_naive()
        .and_hms_opt(hour.min(23), 0, 0)
        .unwrap_or_default();
    let today = Utc.from_utc_datetime(&today);
    if today <= now {
        today
    } else {
        today - Duration::days(1)
    }
}

/// Sends the daily digest to every member who is due: after the day's digest hour, one mail
/// listing everything since their last digest, grouped by idea and kind; never an empty one.
#[tracing::instrument(skip_all)]
pub async fn send_digests(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let slot = digest_slot(now, state.digest_hour);
    set_aside(&state.db).await?;
    let job = Uuid::new_v4();
    // Claim and record the digest together. A digest holds what happened before the day's
    // slot; a member is due when no digest went out since that slot.
    let claimed = state
        .db
        .transaction::<_, u64, AppError>(|txn| {
            Box::pin(async move {
                let n = claim(txn, Delivery::Daily, job, |sql| {
                    sql.push(" AND n.created_at < ")
                        .bind(slot)
                        .push(" AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.user_id = n.user_id AND d.sent_at >= ")
                        .bind(slot)
                        .push(")");
                })
                .await?;
                if n > 0 {
                    let mut sql = Sql::new(txn.get_database_backend());
                    sql.push("INSERT INTO digests (user_id, sent_at) SELECT DISTINCT user_id, ")
                        .bind(now)
                        .push(" FROM notifications WHERE mail_claim = ")
                        .bind(job)
                        .push(" ON CONFLICT (user_id) DO UPDATE SET sent_at = excluded.sent_at");
                    txn.execute_raw(sql.statement()).await?;
                }
                Ok(n)
            })
        })
        .await?;
    if claimed == 0 {
        return Ok(0);
    }
    let f = facts(&state.db, job).await?;
    send(state, job, render_digests(state, &f)).await
}

/// One digest per member: by idea (ideas by title, then what concerns no idea), within an
/// idea by kind, oldest first.
fn render_digests(state: &AppState, f: &Facts) -> Vec<Mail> {
    let mut by_member: BTreeMap<Uuid, Vec<&notification::Model>> = BTreeMap::new();
    for r in &f.rows {
        by_member.entry(r.user_id).or_default().push(r);
    }
    let mut mails = Vec::with_capacity(by_member.len());
    for (member, mut rows) in by_member {
        let Some((to, l)) = f.recipients.get(&member) else {
            continue;
        };
        let l = *l;
        let title = |r: &notification::Model| r.idea_id.and_then(|i| f.titles.get(&i)).cloned();
        rows.sort_by_key(|r| (title(r).is_none(), title(r), r.kind.key(), r.id));
        let mut body = String::new();
        let mut section: Option<Option<String>> = None;
        for r in &rows {
            let t = title(r);
            if section.as_ref() != Some(&t) {
                let name = t
                    .clone()
                    .unwrap_or_else(|| td_string!(l, notifications.mail_other).to_string());
                body.push_str(&format!("\n{name}\n{}\n", "=".repeat(name.chars().count())));
                section = Some(t);
            }
            body.push_str(&format!(
                "- {} ({})\n  {}{}\n",
                f.heading(l, r),
                texts::date(l, &r.created_at),
                state.public_url,
                r.link
            ));
        }
        let subject = td_string!(l, notifications.digest_subject, n = rows.len()).to_string();
        mails.push(Mail {
            to: to.clone(),
            subject: subject.clone(),
            body: format!("{subject}\n{body}\n-- \n{}\n", footer(state, l)),
        });
    }
    mails
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_slot_is_the_last_digest_hour_passed() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            digest_slot(at("2026-11-30T09:15:00Z"), 6),
            at("2026-11-30T06:00:00Z")
        );
        assert_eq!(
            digest_slot(at("2026-11-30T05:59:00Z"), 6),
            at("2026-11-29T06:00:00Z")
        );
        assert_eq!(
            digest_slot(at("2026-11-30T06:00:00Z"), 6),
            at("2026-11-30T06:00:00Z")
        );
    }

    #[test]
    fn every_kind_has_its_default_in_the_sql() {
        let sql = delivery_sql();
        for k in NotificationKind::ALL {
            assert!(sql.contains(&format!(
                "'{}' THEN '{}'",
                k.key(),
                k.default_delivery().key()
            )));
        }
    }
}
