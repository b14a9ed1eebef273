use super::{CallMention, Progress, RetroForm, RetroView, ShowcaseData, ShowcaseItem, UpdateView};
use crate::backend::entities::{call, idea, join_on, progress_update, retrospective, submission};
use crate::backend::{AppState, Viewer, markdown};
use crate::domain::Caller;
use crate::domain::ShowcaseRefusal;
use crate::domain::showcase::{StageFacts, WebLink};
use crate::domain::{IdeaStatus, ProgressText, RetroText, Stage};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::shared::access::IdeaAccess;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// At most this many updates are shown on an idea's page (newest first).
const TIMELINE: u64 = 200;
/// At most this many ideas on `/showcase` (most recent activity first).
const SHOWN: usize = 60;
/// A failure's lesson on a showcase card, in characters.
const LESSON: usize = 280;

/// Every call each idea was entered into, with whether it won (public only from the call's
/// results date). A call counts once every member approved a version, until withdrawn.
async fn entries<C: ConnectionTrait>(
    db: &C,
    ideas: Option<&[Uuid]>,
    l: Locale,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Vec<CallMention>>, AppError> {
    // Each entry with its call, in one read (newest call first).
    let to_call =
        join_on::<submission::Entity, call::Entity>(submission::Column::CallId, call::Column::Id);
    let mut q = submission::Entity::find()
        .join(sea_orm::JoinType::InnerJoin, to_call)
        .select_also(call::Entity)
        .filter(submission::Column::SubmittedVersion.is_not_null())
        .order_by_desc(call::Column::ClosesAt);
    if let Some(ids) = ideas {
        q = q.filter(submission::Column::IdeaId.is_in(ids.iter().copied()));
    }
    let subs = q.all(db).await?;
    let mut out: HashMap<Uuid, Vec<CallMention>> = HashMap::new();
    for (s, c) in subs {
        let Some(c) = c else {
            continue;
        };
        out.entry(s.idea_id).or_default().push(CallMention {
            id: c.id.to_string(),
            title: c.title(l),
            kind: c.kind,
            won: s.winner && c.schedule().results_public(now),
        });
    }
    Ok(out)
}

fn stage_of(m: &idea::Model, calls: &[CallMention]) -> Stage {
    Stage::of(StageFacts {
        group_size: m.group_size,
        submitted: !calls.is_empty(),
        awarded: calls.iter().any(|c| c.won),
        declared: m.declared_stage,
    })
}

async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<idea::Model, AppError> {
    crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The idea, if `me` is in its group (owner included) and it is published: the timeline
/// and the stage are public, so only a published idea has them.
async fn writable<C: ConnectionTrait>(db: &C, me: Uuid, id: Uuid) -> Result<idea::Model, AppError> {
    let m = load(db, id).await?;
    crate::shared::ideas::access(db, Caller::Member(me), &m)
        .await?
        .edit()?;
    if m.status != IdeaStatus::Published {
        return Err(ShowcaseRefusal::ProgressNotPublic.into());
    }
    Ok(m)
}

/// The progress of an idea already loaded, for a viewer who may see it (`access`): the idea
/// page builds it with the idea, in the same request.
pub async fn progress_of(
    db: &DatabaseConnection,
    viewer: &Viewer,
    l: Locale,
    now: DateTime<Utc>,
    m: &idea::Model,
    access: IdeaAccess,
) -> Result<Progress, AppError> {
    let id = m.id;
    let published = m.status == IdeaStatus::Published;
    let calls = entries(db, Some(&[id]), l, now)
        .await?
        .remove(&id)
        .unwrap_or_default();
    let stage = stage_of(m, &calls);
    let rows = progress_update::Entity::find()
        .filter(progress_update::Column::IdeaId.eq(id))
        .order_by_desc(progress_update::Column::CreatedAt)
        .order_by_desc(progress_update::Column::Id)
        .limit(TIMELINE)
        .all(db)
        .await?;
    let names =
        crate::shared::ideas::author_names(db, viewer, rows.iter().filter_map(|r| r.author_id))
            .await?;
    let me = viewer.id();
    let updates = rows
        .into_iter()
        .map(|r| UpdateView {
            id: r.id.to_string(),
            author: r.author_id.and_then(|a| names.get(&a).cloned()),
            body_html: markdown::render(&r.body),
            link: r.link,
            created_at: r.created_at,
            can_delete: me.is_some() && (r.author_id == me || access == IdeaAccess::Owner),
        })
        .collect();
    let retrospective = if stage == Stage::SuccessfulFailure {
        retrospective::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|r| RetroView {
                tried_html: markdown::render(&r.tried),
                why_not_html: markdown::render(&r.why_not),
                learned_html: markdown::render(&r.learned),
                updated_at: r.updated_at,
            })
    } else {
        None
    };
    Ok(Progress {
        idea_id: id.to_string(),
        stage,
        declared: m.declared_stage,
        calls,
        updates,
        retrospective,
        can_post: published && access.edit().is_ok(),
        published,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn post_update(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    body: ProgressText,
    link: Option<WebLink>,
) -> Result<Uuid, AppError> {
    writable(&state.db, me, id).await?;
    let update = Uuid::new_v4();
    progress_update::ActiveModel {
        id: Set(update),
        idea_id: Set(id),
        author_id: Set(Some(me)),
        body: Set(body.into_inner()),
        link: Set(link.map(|l| l.as_str().to_owned())),
        created_at: Set(state.clock.now()),
    }
    .insert(&state.db)
    .await?;
    state.public_pages.changed();
    Ok(update)
}

/// Returns the idea the update belonged to.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn delete_update(state: &AppState, me: Uuid, id: Uuid) -> Result<Uuid, AppError> {
    let db = &state.db;
    let u = progress_update::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = load(db, u.idea_id).await?;
    let access = crate::shared::ideas::access(db, Caller::Member(me), &m)
        .await?
        .view()?;
    if u.author_id != Some(me) && access != IdeaAccess::Owner {
        return Err(AppError::Forbidden);
    }
    progress_update::Entity::delete_by_id(id).exec(db).await?;
    state.public_pages.changed();
    Ok(u.idea_id)
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn set_stage(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    stage: Option<Stage>,
) -> Result<(), AppError> {
    writable(&state.db, me, id).await?;
    idea::Entity::update_many()
        .col_expr(
            idea::Column::DeclaredStage,
            Expr::value(stage.map(|s| s.key())),
        )
        .filter(idea::Column::Id.eq(id))
        .exec(&state.db)
        .await?;
    state.public_pages.changed();
    Ok(())
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn retro_form(
    db: &DatabaseConnection,
    me: Uuid,
    id: Uuid,
) -> Result<RetroForm, AppError> {
    let m = writable(db, me, id).await?;
    let r = retrospective::Entity::find_by_id(id).one(db).await?;
    Ok(RetroForm {
        idea_id: id.to_string(),
        idea_title: m.title,
        tried: r.as_ref().map(|r| r.tried.clone()).unwrap_or_default(),
        why_not: r.as_ref().map(|r| r.why_not.clone()).unwrap_or_default(),
        learned: r.map(|r| r.learned).unwrap_or_default(),
    })
}

/// Writes the retrospective and declares the idea a successful failure, together.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn save_retro(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    [tried, why_not, learned]: [RetroText; 3],
) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                writable(txn, me, id).await?;
                let row = retrospective::ActiveModel {
                    idea_id: Set(id),
                    tried: Set(tried.into_inner()),
                    why_not: Set(why_not.into_inner()),
                    learned: Set(learned.into_inner()),
                    edited_by: Set(Some(me)),
                    updated_at: Set(now),
                };
                if retrospective::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .is_some()
                {
                    row.update(txn).await?;
                } else {
                    row.insert(txn).await?;
                }
                idea::Entity::update_many()
                    .col_expr(
                        idea::Column::DeclaredStage,
                        Expr::value(Stage::SuccessfulFailure.key()),
                    )
                    .filter(idea::Column::Id.eq(id))
                    .exec(txn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    state.public_pages.changed();
    Ok(())
}

/// The first `LESSON` characters of a Markdown text, on one line, as plain text.
fn excerpt(text: &str) -> String {
    let flat = crate::backend::markdown::plain(text);
    if flat.chars().count() <= LESSON {
        return flat;
    }
    let cut: String = flat.chars().take(LESSON - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `/showcase`: published ideas at `Stage::in_showcase`, most recent activity first. The
/// candidates are the ideas entered into a call and those whose group declared a stage:
/// a few hundred a year, read whole.
#[tracing::instrument(skip_all)]
pub async fn showcase(
    state: &AppState,
    viewer: &Viewer,
    l: Locale,
    stage: Option<Stage>,
    call: Option<Uuid>,
) -> Result<ShowcaseData, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let entered = entries(db, None, l, now).await?;
    // The filter offers every call with an entry, newest first (as `entries` read them).
    let mut calls: Vec<(String, String)> = Vec::new();
    for c in entered.values().flatten() {
        if !calls.iter().any(|(id, _)| *id == c.id) {
            calls.push((c.id.clone(), c.title.clone()));
        }
    }
    calls.sort_by(|a, b| a.1.cmp(&b.1));
    let call_key = call.map(|c| c.to_string());
    let call = call_key.filter(|c| calls.iter().any(|(id, _)| id == c));
    let ids: HashSet<Uuid> = entered.keys().copied().collect();
    // The entries, and (unless one call is asked for) the ideas whose group declared a
    // stage, in one read. `> ''` rather than IS NOT NULL: SQLite then reads both through
    // their indexes (a multi-index OR) instead of scanning every idea.
    let mut candidates = sea_orm::Condition::any().add(idea::Column::Id.is_in(ids));
    if call.is_none() {
        candidates = candidates.add(idea::Column::DeclaredStage.gt(""));
    }
    let rows = idea::Entity::find()
        .filter(candidates)
        .filter(idea::Column::Status.eq(IdeaStatus::Published.key()))
        .all(db)
        .await?;
    let latest: HashMap<Uuid, (i64, Option<DateTime<Utc>>)> = {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        progress_update::Entity::find()
            .select_only()
            .column(progress_update::Column::IdeaId)
            .column_as(progress_update::Column::Id.count(), "n")
            .column_as(progress_update::Column::CreatedAt.max(), "latest")
            .filter(progress_update::Column::IdeaId.is_in(ids))
            .group_by(progress_update::Column::IdeaId)
            .into_tuple::<(Uuid, i64, Option<DateTime<Utc>>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, n, at)| (id, (n, at)))
            .collect()
    };
    let mut chosen: Vec<(idea::Model, Stage, Vec<CallMention>)> = rows
        .into_iter()
        .filter_map(|m| {
            let mentions = entered.get(&m.id).cloned().unwrap_or_default();
            let s = stage_of(&m, &mentions);
            let in_call = call
                .as_ref()
                .is_none_or(|c| mentions.iter().any(|x| x.id == *c));
            (s.in_showcase() && stage.is_none_or(|f| f == s) && in_call).then_some((m, s, mentions))
        })
        .collect();
    // A failure's retrospective is activity too (and its lesson goes on the card).
    let failures: Vec<Uuid> = chosen
        .iter()
        .filter(|(_, s, _)| *s == Stage::SuccessfulFailure)
        .map(|(m, _, _)| m.id)
        .collect();
    let retros: HashMap<Uuid, retrospective::Model> = retrospective::Entity::find()
        .filter(retrospective::Column::IdeaId.is_in(failures))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.idea_id, r))
        .collect();
    let active = |m: &idea::Model| {
        let update = latest.get(&m.id).and_then(|(_, at)| *at);
        let retro = retros.get(&m.id).map(|r| r.updated_at);
        [Some(m.updated_at), update, retro]
            .into_iter()
            .flatten()
            .max()
    };
    chosen.sort_by(|a, b| active(&b.0).cmp(&active(&a.0)).then(a.0.id.cmp(&b.0.id)));
    chosen.truncate(SHOWN);
    let lessons: HashMap<Uuid, String> = retros
        .iter()
        .map(|(id, r)| (*id, excerpt(&r.learned)))
        .collect();
    let models: Vec<idea::Model> = chosen.iter().map(|(m, _, _)| m.clone()).collect();
    let cards = crate::shared::ideas::cards(db, viewer, &models).await?;
    let items = chosen
        .into_iter()
        .zip(cards)
        .map(|((m, s, mentions), card)| {
            let (n, at) = latest.get(&m.id).copied().unwrap_or((0, None));
            ShowcaseItem {
                card,
                stage: s,
                calls: mentions,
                updates: u64::try_from(n).unwrap_or(0),
                latest_update: at,
                lesson: (s == Stage::SuccessfulFailure)
                    .then(|| lessons.get(&m.id).cloned())
                    .flatten(),
            }
        })
        .collect();
    Ok(ShowcaseData {
        items,
        calls,
        stage,
        call,
    })
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn a_lesson_is_shortened_on_one_line() {
        assert_eq!(excerpt("Ask  the\nusers first."), "Ask the users first.");
        assert_eq!(
            excerpt("Ask **before** you build."),
            "Ask before you build."
        );
        let long = "word ".repeat(100);
        let short = excerpt(&long);
        assert_eq!(short.chars().count(), 280);
        assert!(short.ends_with('…'));
    }
}
