use super::merge::{self, Labels};
use super::{Comparison, Conflict, FieldDiff, History, MergeView, RevisionRow, diff};
use crate::backend::entities::{idea, idea_revision, unmerged_edit};
use crate::backend::tags;
use crate::domain::idea::ValidIdea;
use crate::domain::{IdeaField, IdeaVersion, TagKind, TagList};
use crate::error::AppError;
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// A revision and a kept save store a whole `IdeaVersion` in the same columns.
macro_rules! stored_version {
    ($($model:ty),+) => {$(
        impl From<$model> for IdeaVersion {
            fn from(r: $model) -> Self {
                IdeaVersion {
                    title: r.title,
                    teaser: r.teaser,
                    description: r.description,
                    topics: r.topics,
                    required: r.required,
                    sought: r.sought,
                    maturity: r.maturity,
                    language: r.language,
                }
            }
        }
    )+};
}
stored_version!(idea_revision::Model, unmerged_edit::Model);

/// A valid save as a version of the idea.
pub fn of_valid(v: &ValidIdea) -> IdeaVersion {
    IdeaVersion {
        title: v.title.as_str().to_owned(),
        teaser: v.teaser.as_str().to_owned(),
        description: v.description.as_str().to_owned(),
        topics: v.topics.to_input(),
        required: v.required.to_input(),
        sought: v.sought.to_input(),
        maturity: v.maturity.key().to_owned(),
        language: v.language.key().to_owned(),
    }
}

/// The idea's content as stored now (tags in label order, as the editor lists them).
pub async fn current<C: ConnectionTrait>(db: &C, m: &idea::Model) -> Result<IdeaVersion, AppError> {
    let mut tags = tags::idea_tags(db, &[m.id])
        .await?
        .remove(&m.id)
        .unwrap_or_default();
    let mut list = |kind: TagKind| TagList::input_of(&tags.remove(&kind).unwrap_or_default());
    Ok(IdeaVersion {
        title: m.title.clone(),
        teaser: m.teaser.clone(),
        description: m.description.clone(),
        topics: list(TagKind::Topic),
        required: list(TagKind::Required),
        sought: list(TagKind::Sought),
        maturity: m.maturity.key().to_owned(),
        language: m.language.key().to_owned(),
    })
}

/// Records the idea as just saved (revision `m.revision`, by `editor`), with what changed
/// since the revision before. Called in the transaction of the save.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    m: &idea::Model,
    editor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let version = current(db, m).await?;
    let before = idea_revision::Entity::find_by_id((m.id, m.revision - 1))
        .one(db)
        .await?;
    let changed = before
        .map(|b| {
            version
                .changed_since(&b.into())
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    idea_revision::Entity::insert(idea_revision::ActiveModel {
        idea_id: Set(m.id),
        revision: Set(m.revision),
        editor_id: Set(Some(editor)),
        created_at: Set(now),
        changed: Set(changed),
        title: Set(version.title),
        teaser: Set(version.teaser),
        description: Set(version.description),
        topics: Set(version.topics),
        required: Set(version.required),
        sought: Set(version.sought),
        maturity: Set(version.maturity),
        language: Set(version.language),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Keeps a member's save that started from revision `base` while the idea moved on; it
/// replaces what they kept before.
pub async fn keep_unmerged(
    db: &DatabaseConnection,
    idea: Uuid,
    user: Uuid,
    base: i32,
    v: IdeaVersion,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use sea_orm::sea_query::OnConflict;
    use unmerged_edit::Column as C;
    unmerged_edit::Entity::insert(unmerged_edit::ActiveModel {
        idea_id: Set(idea),
        user_id: Set(user),
        base_revision: Set(base),
        created_at: Set(now),
        title: Set(v.title),
        teaser: Set(v.teaser),
        description: Set(v.description),
        topics: Set(v.topics),
        required: Set(v.required),
        sought: Set(v.sought),
        maturity: Set(v.maturity),
        language: Set(v.language),
    })
    .on_conflict(
        OnConflict::columns([C::IdeaId, C::UserId])
            .update_columns([
                C::BaseRevision,
                C::CreatedAt,
                C::Title,
                C::Teaser,
                C::Description,
                C::Topics,
                C::Required,
                C::Sought,
                C::Maturity,
                C::Language,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn drop_unmerged<C: ConnectionTrait>(
    db: &C,
    idea: Uuid,
    user: Uuid,
) -> Result<(), AppError> {
    unmerged_edit::Entity::delete_by_id((idea, user))
        .exec(db)
        .await?;
    Ok(())
}

/// If the member kept a save from an older revision: the three-way merge of it with the
/// idea now (the editor's new contents) and what the editor explains about it.
pub async fn pending_merge<C: ConnectionTrait>(
    db: &C,
    user: Uuid,
    m: &idea::Model,
    l: Locale,
) -> Result<Option<(IdeaVersion, MergeView)>, AppError> {
    let Some(kept) = unmerged_edit::Entity::find_by_id((m.id, user))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if kept.base_revision >= m.revision {
        return Ok(None);
    }
    let base_revision = kept.base_revision;
    // Revisions from before history was recorded are unknown: every difference is then
    // the member's to decide.
    let base = idea_revision::Entity::find_by_id((m.id, base_revision))
        .one(db)
        .await?
        .map(IdeaVersion::from)
        .unwrap_or_default();
    let theirs = current(db, m).await?;
    let mine = IdeaVersion::from(kept);
    let merged = merge::merge(
        &base,
        &mine,
        &theirs,
        &Labels {
            mine: crate::revisions::labels::merge_label(l, true),
            theirs: crate::revisions::labels::merge_label(l, false),
        },
    );
    let editor_ids: Vec<Uuid> = idea_revision::Entity::find()
        .filter(idea_revision::Column::IdeaId.eq(m.id))
        .filter(idea_revision::Column::Revision.gt(base_revision))
        .select_only()
        .column(idea_revision::Column::EditorId)
        .order_by_asc(idea_revision::Column::Revision)
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let names = crate::shared::people::names(db, editor_ids.iter().copied()).await?;
    let mut editors = Vec::new();
    for id in editor_ids {
        if let Some(n) = names.get(&id)
            && !editors.contains(n)
        {
            editors.push(n.clone());
        }
    }
    let conflicts = merged
        .conflicts
        .iter()
        .map(|f| Conflict {
            field: *f,
            mine: mine.get(*f).to_owned(),
            theirs: theirs.get(*f).to_owned(),
        })
        .collect();
    Ok(Some((
        merged.version,
        MergeView {
            base: base_revision,
            current: m.revision,
            editors,
            conflicts,
        },
    )))
}

/// The history of an idea for a member of its group; `pair` the revisions to compare.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn history(
    db: &DatabaseConnection,
    me: Uuid,
    id: Uuid,
    pair: Option<(i32, i32)>,
    l: Locale,
) -> Result<History, AppError> {
    let m = crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::shared::ideas::access(db, crate::domain::Caller::Member(me), &m)
        .await?
        .edit()?;
    let mut rows: Vec<(i32, Option<Uuid>, DateTime<Utc>, String)> = idea_revision::Entity::find()
        .filter(idea_revision::Column::IdeaId.eq(id))
        .select_only()
        .columns([
            idea_revision::Column::Revision,
            idea_revision::Column::EditorId,
            idea_revision::Column::CreatedAt,
            idea_revision::Column::Changed,
        ])
        .order_by_desc(idea_revision::Column::Revision)
        .limit(History::SHOWN + 1)
        .into_tuple()
        .all(db)
        .await?;
    let more = rows.len() as u64 > History::SHOWN;
    rows.truncate(History::SHOWN as usize);
    let names = crate::shared::people::names(db, rows.iter().filter_map(|r| r.1)).await?;
    let pair = pair.or_else(|| (rows.len() >= 2).then(|| (rows[1].0, rows[0].0)));
    let comparison = match pair {
        Some((a, b)) => Some(compare(db, id, a.min(b), a.max(b), l).await?),
        None => None,
    };
    Ok(History {
        idea_id: id.to_string(),
        title: m.title,
        language: m.language,
        revisions: rows
            .into_iter()
            .map(|(number, editor, at, changed)| RevisionRow {
                number,
                editor: editor.and_then(|e| names.get(&e).cloned()),
                at,
                changed: changed
                    .split(',')
                    .filter_map(|k| IdeaField::parse(k).ok())
                    .collect(),
            })
            .collect(),
        more,
        comparison,
    })
}

/// The fields that differ between revisions `from` and `to`, word by word; choices read
/// as their names in the member's language.
async fn compare(
    db: &DatabaseConnection,
    id: Uuid,
    from: i32,
    to: i32,
    l: Locale,
) -> Result<Comparison, AppError> {
    let load = |n: i32| async move {
        idea_revision::Entity::find_by_id((id, n))
            .one(db)
            .await?
            .map(IdeaVersion::from)
            .ok_or(AppError::NotFound)
    };
    let (old, new) = (load(from).await?, load(to).await?);
    let fields = new
        .changed_since(&old)
        .into_iter()
        .map(|field| FieldDiff {
            field,
            parts: diff::words(
                &crate::revisions::labels::idea_field_value(l, field, old.get(field)),
                &crate::revisions::labels::idea_field_value(l, field, new.get(field)),
            ),
        })
        .collect();
    Ok(Comparison { from, to, fields })
}
