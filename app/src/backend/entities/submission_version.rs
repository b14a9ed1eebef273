use sea_orm::entity::prelude::*;

/// One saved version of a submission: the frozen copy taken from the idea, as the group
/// edited it, with the answers to the call's questions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "submission_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub submission_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub title: String,
    pub teaser: String,
    pub description: String,
    /// A JSON object from `domain::CallField` key to answer.
    pub answers: String,
    pub edited_by: Option<Uuid>,
    pub edited_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The answers to `fields`, in their order; a field never answered is empty.
    pub fn answers_to(
        &self,
        fields: &[crate::domain::CallField],
    ) -> Vec<(crate::domain::CallField, String)> {
        let stored: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&self.answers).unwrap_or_default();
        fields
            .iter()
            .map(|f| {
                let a = stored.get(f.key()).and_then(|a| a.as_str());
                (*f, a.unwrap_or_default().to_owned())
            })
            .collect()
    }
}
