//! The one bounded, ranked full-text match that market, people search and similar ideas
//! share (`ranked`), on FTS5 (SQLite) and `tsvector` (PostgreSQL).

use super::text::Query;
use crate::backend::sql::Sql;
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// PostgreSQL: ` {document} @@ q` with `q` bound.
fn pg_matches(sql: &mut Sql, document: &str, q: &str) {
    sql.push(&format!("{document} @@ to_tsquery('simple', "))
        .bind(q)
        .push(")");
}

/// PostgreSQL: `q`'s rank of `document` as `score`.
fn pg_score(sql: &mut Sql, document: &str, q: &str) {
    sql.push(&format!("ts_rank({document}, to_tsquery('simple', "))
        .bind(q)
        .push("))::float8 AS score");
}

/// One full-text index: its FTS5 table (SQLite) and the table whose `document` column is
/// the `tsvector` (PostgreSQL); both hold the terms of `search::text`.
pub struct TextIndex {
    fts: &'static str,
    table: &'static str,
    /// The column naming the idea or member a row indexes.
    key: &'static str,
    /// FTS5 `bm25` column weights.
    weights: &'static str,
    /// The FTS5 column and the `tsvector` column that hold what visitors may search
    /// (`None`: the index is for members only).
    public: Option<(&'static str, &'static str)>,
}

/// Ideas: title, teaser and topics are public (on PostgreSQL also their own `tsvector`);
/// description and sought expertise are for members (weight B against the public text's A,
/// a quarter of its weight in FTS5).
pub const IDEAS: TextIndex = TextIndex {
    fts: "idea_fts",
    table: "idea_search",
    key: "idea_id",
    weights: "4.0, 1.0",
    public: Some(("public_text", "public_document")),
};

/// Members' profiles (members only, so all of it is searchable by whoever may search).
pub const PEOPLE: TextIndex = TextIndex {
    fts: "profile_fts",
    table: "profile_search",
    key: "user_id",
    weights: "1.0",
    public: None,
};

/// How many matches of a query are ranked. Both engines walk a query's matches newest
/// save first (the index rows' ids, see `search::index`) and stop here, so a word that
/// half of all ideas contain costs the same as a rare one; the page then says "more than
/// 1,000" and offers filters.
pub const WINDOW: usize = 1_000;

/// The best-ranked matches, best first, and whether the window was full.
#[derive(Debug, Default)]
pub struct Window {
    pub ids: Vec<uuid::Uuid>,
    pub more: bool,
}

impl Window {
    /// How many matches are known (at most `WINDOW`).
    pub fn total(&self) -> u64 {
        self.ids.len() as u64
    }

    /// The ids of one page (1-based); empty past the end.
    pub fn page(&self, page: u64, size: u64) -> &[uuid::Uuid] {
        let start = page
            .saturating_sub(1)
            .saturating_mul(size)
            .min(self.total()) as usize;
        let end = (start + size as usize).min(self.ids.len());
        &self.ids[start..end]
    }
}

/// Matches of `query` in `index`, ranked within the newest `WINDOW`. `joins` adds the
/// tables that `filters` narrow by (each filter pushes ` AND …`); `public_only` restricts
/// the match to what visitors may search. Ties keep the newer save first.
pub async fn ranked<C: ConnectionTrait>(
    db: &C,
    index: &TextIndex,
    query: &Query,
    public_only: bool,
    joins: &str,
    filters: impl Fn(&mut Sql),
) -> Result<Window, DbErr> {
    let TextIndex {
        fts,
        table,
        key,
        weights,
        public,
    } = index;
    let public = public.filter(|_| public_only);
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    if backend == DbBackend::Postgres {
        // The newest matches that pass the filters, as the planner finds them best (a
        // backward walk when matches are common, the GIN index when rare); then only
        // those are ranked, since ranking reads each row's whole tsvector.
        let q = query.tsquery();
        let document = format!("s.{}", public.map_or("document", |(_, column)| column));
        sql.push(&format!(
            "WITH m AS MATERIALIZED (SELECT s.id FROM {table} s{joins} WHERE "
        ));
        pg_matches(&mut sql, &document, &q);
        filters(&mut sql);
        sql.push(" ORDER BY s.id DESC LIMIT ")
            .bind(WINDOW as i64 + 1)
            .push(&format!(") SELECT s.{key} AS id, "));
        pg_score(&mut sql, &document, &q);
        sql.push(&format!(
            " FROM m JOIN {table} s ON s.id = m.id ORDER BY s.id DESC"
        ));
    } else {
        sql.push(&format!(
            "SELECT s.{key} AS id, -bm25({fts}, {weights}) AS score FROM {fts} \
             JOIN {table} s ON s.id = {fts}.rowid{joins} WHERE {fts} MATCH "
        ))
        .bind(query.fts5(public.map(|(column, _)| column)));
        filters(&mut sql);
        // FTS5 walks its rowids backwards itself.
        sql.push(&format!(" ORDER BY {fts}.rowid DESC LIMIT "))
            .bind(WINDOW as i64 + 1);
    }
    let mut rows: Vec<(uuid::Uuid, f64)> = db
        .query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "score")?)))
        .collect::<Result<_, DbErr>>()?;
    let more = rows.len() > WINDOW;
    rows.truncate(WINDOW);
    // Stable: equal scores stay newest first.
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(Window {
        ids: rows.into_iter().map(|(id, _)| id).collect(),
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_pages_its_matches_and_is_empty_past_the_end() {
        let ids: Vec<uuid::Uuid> = (0..25).map(|i| uuid::Uuid::from_u128(i + 1)).collect();
        let w = Window {
            ids: ids.clone(),
            more: false,
        };
        assert_eq!(w.total(), 25);
        assert_eq!(w.page(1, 10), &ids[..10]);
        assert_eq!(w.page(3, 10), &ids[20..]);
        assert!(w.page(4, 10).is_empty());
        assert!(w.page(u64::MAX, 10).is_empty());
        assert_eq!(w.page(0, 10), &ids[..10], "page 0 reads as the first");
    }
}
