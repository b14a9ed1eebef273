use super::Overview;
use crate::backend::entities::{feedback, idea, report, user};
use crate::domain::{IdeaStatus, ReportStatus};
use crate::error::AppError;
use crate::shared::DELETED_MEMBER;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

pub async fn overview(db: &DatabaseConnection) -> Result<Overview, AppError> {
    Ok(Overview {
        members: user::Entity::find()
            .filter(user::Column::EmailVerifiedAt.is_not_null())
            .filter(user::Column::Id.ne(DELETED_MEMBER))
            .count(db)
            .await?,
        published_ideas: idea::Entity::find()
            .filter(idea::Column::Status.eq(IdeaStatus::Published))
            .count(db)
            .await?,
        unread_feedback: feedback::Entity::find()
            .filter(feedback::Column::ReadAt.is_null())
            .count(db)
            .await?,
        reported: report::Entity::find()
            .filter(report::Column::Status.eq(ReportStatus::Open))
            .select_only()
            .columns([report::Column::TargetKind, report::Column::TargetId])
            .distinct()
            .count(db)
            .await?,
    })
}
