use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub display_name: String,
    pub show_name_publicly: bool,
    pub organisation_name: String,
    pub organisation_type: crate::domain::OrganisationType,
    pub role: String,
    pub region: String,
    pub bio: String,
    pub experience: String,
    pub open_to_partners: bool,
    /// Whether the member is suggested to others in matching.
    pub in_matching: bool,
    pub language: crate::domain::ContentLanguage,
    /// Who may send this member a contact request.
    pub contact_policy: crate::domain::ContactPolicy,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
