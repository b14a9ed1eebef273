use super::input::ValidProfile;
use super::{ProfileForm, ProfileView};
use crate::backend::entities::{profile, user};
use crate::backend::tags;
use crate::backend::{AppState, Viewer};
use crate::domain::ModerationRefusal;
use crate::domain::{Tag, TagKind, TagList};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, NotSet, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

fn joined(tags: Option<Vec<Tag>>) -> String {
    TagList::input_of(&tags.unwrap_or_default())
}

#[tracing::instrument(skip_all, fields(user = %user))]
pub async fn form(db: &DatabaseConnection, user: Uuid) -> Result<ProfileForm, AppError> {
    let p = profile::Entity::find_by_id(user)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut t = tags::profile_tags(db, user).await?;
    Ok(ProfileForm {
        display_name: p.display_name,
        show_name_publicly: p.show_name_publicly,
        organisation_name: p.organisation_name,
        organisation_type: p.organisation_type.key().to_owned(),
        role: p.role,
        region: p.region,
        bio: p.bio,
        experience: p.experience,
        open_to_partners: p.open_to_partners,
        language: p.language.key().to_owned(),
        interests: joined(t.remove(&TagKind::Interest)),
        offered: joined(t.remove(&TagKind::Offered)),
        sought: joined(t.remove(&TagKind::Sought)),
        required: joined(t.remove(&TagKind::Required)),
        hide_from_matching: !p.in_matching,
        contact_policy: p.contact_policy.key().to_owned(),
    })
}

/// A profile with its member's joining date and whether it is held: one statement.
struct ViewRow {
    profile: profile::Model,
    member_since: chrono::DateTime<chrono::Utc>,
    held: bool,
}

impl sea_orm::FromQueryResult for ViewRow {
    fn from_query_result(res: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            profile: profile::Model::from_query_result(res, pre)?,
            member_since: res.try_get(pre, "member_since")?,
            held: res.try_get(pre, "held")?,
        })
    }
}

/// Only the account's date: the rest of it (address, password hash) is not for others.
fn member_since(user: Uuid) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, Query};
    let created = Query::select()
        .column(user::Column::CreatedAt)
        .from(user::Entity)
        .and_where(sea_orm::ColumnTrait::eq(&user::Column::Id, user))
        .to_owned();
    Expr::SubQuery(None, Box::new(created.into()))
}

/// A profile as another member sees it (the caller has checked membership).
#[tracing::instrument(skip_all, fields(user = %user))]
pub async fn view(
    db: &DatabaseConnection,
    viewer: &Viewer,
    user: Uuid,
) -> Result<ProfileView, AppError> {
    let ViewRow {
        profile: p,
        member_since,
        held,
    } = profile::Entity::find_by_id(user)
        .expr_as(member_since(user), "member_since")
        .expr_as(
            crate::moderation::db::held_expr(crate::domain::moderation::Target::Profile(user)),
            "held",
        )
        .into_model::<ViewRow>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // A held profile: its member and the admins (who review it) still read it.
    let reviewer = viewer.id() == Some(user) || viewer.is_admin();
    if !reviewer && held {
        return Err(ModerationRefusal::Held.into());
    }
    let mut t = tags::profile_tags(db, user).await?;
    let ideas = crate::shared::ideas::published_by(db, viewer, user).await?;
    Ok(ProfileView {
        id: user.to_string(),
        display_name: p.display_name,
        organisation_name: p.organisation_name,
        organisation_type: p.organisation_type,
        role: p.role,
        region: p.region,
        bio: p.bio,
        experience: p.experience,
        open_to_partners: p.open_to_partners,
        language: p.language,
        interests: t.remove(&TagKind::Interest).unwrap_or_default(),
        offered: t.remove(&TagKind::Offered).unwrap_or_default(),
        sought: t.remove(&TagKind::Sought).unwrap_or_default(),
        required: t.remove(&TagKind::Required).unwrap_or_default(),
        ideas,
        member_since,
        is_me: viewer.id() == Some(user),
    })
}

#[tracing::instrument(skip_all, fields(user = %user))]
pub async fn save(state: &AppState, user: Uuid, v: ValidProfile) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                profile::ActiveModel {
                    user_id: Set(user),
                    display_name: Set(v.display_name.into_inner()),
                    show_name_publicly: Set(v.show_name_publicly),
                    organisation_name: Set(v.organisation_name.into_inner()),
                    organisation_type: Set(v.organisation_type),
                    role: Set(v.role.into_inner()),
                    region: Set(v.region.into_inner()),
                    bio: Set(v.bio.into_inner()),
                    experience: Set(v.experience.into_inner()),
                    open_to_partners: Set(v.open_to_partners),
                    in_matching: Set(v.in_matching),
                    language: Set(v.language),
                    contact_policy: v.contact_policy.map_or(NotSet, Set),
                    updated_at: Set(now),
                }
                .update(txn)
                .await?;
                tags::set_profile_tags(txn, user, TagKind::Interest, &v.interests).await?;
                tags::set_profile_tags(txn, user, TagKind::Offered, &v.offered).await?;
                tags::set_profile_tags(txn, user, TagKind::Sought, &v.sought).await?;
                tags::set_profile_tags(txn, user, TagKind::Required, &v.required).await?;
                tags::refresh_profile_activity(txn, user, now).await?;
                crate::search::index::profile(txn, user).await?;
                Ok(())
            })
        })
        .await?;
    // The author's public name on idea cards may have changed.
    state.public_pages.changed();
    Ok(())
}
