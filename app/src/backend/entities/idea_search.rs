use sea_orm::entity::prelude::*;

/// An idea's search terms (see `search::text`). The databases index them: SQLite in the
/// FTS5 table `idea_fts`, PostgreSQL in the generated `document` column (not mapped here).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea_search")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub idea_id: Uuid,
    /// Title, teaser and topics: what anyone may search.
    pub public_text: String,
    /// Description and sought expertise: searched for members only.
    pub member_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
