//! Hand-written SQL for the two search engines: FTS5 and `tsvector` queries have no
//! sea-query form, so the query text is assembled here with bound values only, and the
//! one bounded, ranked full-text match (`ranked`) that market and people search share.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};

pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.backend == DbBackend::Postgres
    }

    /// Appends SQL text (never user input).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        if self.is_postgres() {
            self.text.push_str(&format!("${}", self.values.len()));
        } else {
            self.text.push('?');
        }
        self
    }

    pub fn statement(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }
}

/// ` AND` the region in `column` is `region`, compared case-insensitively.
pub fn same_region(sql: &mut Sql, column: &str, region: &str) {
    sql.push(&format!(" AND lower({column}) = lower("))
        .bind(region)
        .push(")");
}

/// Browsing without search words: how many rows `from` (`FROM … WHERE TRUE`) leaves after
/// `filters`, counted exactly, and the `columns` of one page (1-based) in `order`.
pub async fn browse<C: ConnectionTrait>(
    db: &C,
    from: &str,
    (columns, order): (&str, &str),
    filters: impl Fn(&mut Sql),
    (page, size): (u64, u64),
) -> Result<(Vec<QueryResult>, u64), DbErr> {
    let select = |what: &str| {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(&format!("SELECT {what} {from}"));
        filters(&mut sql);
        sql
    };
    let total = db
        .query_one_raw(select("COUNT(*) AS n").statement())
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    let mut sql = select(columns);
    sql.push(&format!(" ORDER BY {order} LIMIT "))
        .bind(size as i64)
        .push(" OFFSET ")
        .bind(
            page.saturating_sub(1)
                .saturating_mul(size)
                .min(i64::MAX as u64) as i64,
        );
    Ok((
        db.query_all_raw(sql.statement()).await?,
        total.max(0) as u64,
    ))
}

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

/// PostgreSQL: whether a query with an estimated `matches` among `rows` indexed rows is
/// common enough to walk (see `ranked`). Walking the newest rows reads about
/// `WINDOW × rows / matches` of them until the window is full; the GIN index reads every
/// match once, from scattered pages, about `SCATTERED` times dearer per row than a walk's
/// neighbours. The two cost the same where `matches² = WINDOW × rows / SCATTERED`.
fn is_common(matches: i64, rows: i64) -> bool {
    const SCATTERED: f64 = 4.0;
    let m = matches.max(0) as f64;
    m * m * SCATTERED >= WINDOW as f64 * rows.max(0) as f64
}

/// The row estimate in the first line of a PostgreSQL plan (`… rows=123 width=4)`).
fn planned_rows(plan: &str) -> Option<i64> {
    let after = plan.split(" rows=").nth(1)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

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
    query: &super::text::Query,
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
        let q = query.tsquery();
        let document = public.map_or("document", |(_, column)| column);
        // How common the query is decides the plan, and the planner's own estimates
        // (from the statistics ANALYZE keeps) say so without reading a row.
        let mut explain = Sql::new(backend);
        explain.push(&format!("EXPLAIN SELECT 1 FROM {table} WHERE "));
        pg_matches(&mut explain, document, &q);
        let plan = db
            .query_one_raw(explain.statement())
            .await?
            .map(|r| r.try_get_by_index::<String>(0))
            .transpose()?
            .unwrap_or_default();
        let rows = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT reltuples::int8 FROM pg_class WHERE oid = '{table}'::regclass"),
            ))
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
        let estimate = planned_rows(&plan).unwrap_or(rows);
        if !is_common(estimate, rows) {
            // Few: the GIN index finds them all, and they are sorted.
            sql.push(&format!("WITH s AS MATERIALIZED (SELECT id, {key}, "));
            pg_score(&mut sql, document, &q);
            sql.push(&format!(" FROM {table} WHERE "));
            pg_matches(&mut sql, document, &q);
            sql.push(&format!(
                ") SELECT s.{key} AS id, s.score FROM s{joins} WHERE TRUE"
            ));
        } else {
            // Many: read the primary key backwards and test each row (`IS TRUE` keeps the
            // planner off the GIN index, which would fetch every match before sorting).
            sql.push(&format!("SELECT s.{key} AS id, "));
            pg_score(&mut sql, &format!("s.{document}"), &q);
            sql.push(&format!(" FROM {table} s{joins} WHERE ("));
            pg_matches(&mut sql, &format!("s.{document}"), &q);
            sql.push(") IS TRUE");
        }
    } else {
        sql.push(&format!(
            "SELECT s.{key} AS id, -bm25({fts}, {weights}) AS score FROM {fts} \
             JOIN {table} s ON s.id = {fts}.rowid{joins} WHERE {fts} MATCH "
        ))
        .bind(query.fts5(public.map(|(column, _)| column)));
    }
    filters(&mut sql);
    // FTS5 walks its rowids backwards itself.
    let newest_first = if backend == DbBackend::Postgres {
        "s.id".to_owned()
    } else {
        format!("{fts}.rowid")
    };
    sql.push(&format!(" ORDER BY {newest_first} DESC LIMIT "))
        .bind(WINDOW as i64 + 1);
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

    #[test]
    fn the_row_estimate_is_read_from_a_plan() {
        let plan = "Bitmap Heap Scan on idea_search  (cost=1023.88..2622.94 rows=500 width=4)";
        assert_eq!(planned_rows(plan), Some(500));
        assert_eq!(
            planned_rows("Seq Scan on idea_search  (cost=0.00..9627.00 rows=27843 width=4)"),
            Some(27_843)
        );
        assert_eq!(planned_rows("Result  (cost=0.00..0.01 width=0)"), None);
        assert_eq!(planned_rows(""), None);
    }

    #[test]
    fn a_query_is_walked_when_its_matches_would_fill_the_window_soon() {
        assert!(!is_common(0, 100_000));
        assert!(!is_common(2_000, 100_000), "a walk would read 50,000 rows");
        assert!(is_common(20_000, 100_000), "a walk reads 5,000 rows");
        assert!(is_common(500, 600), "a small table is walked");
    }

    #[test]
    fn placeholders_follow_the_engine() {
        let mut pg = Sql::new(DbBackend::Postgres);
        pg.push("a = ").bind(1).push(" AND b = ").bind(2);
        assert_eq!(pg.statement().sql, "a = $1 AND b = $2");
        let mut lite = Sql::new(DbBackend::Sqlite);
        lite.push("a = ").bind(1);
        assert_eq!(lite.statement().sql, "a = ?");
    }
}
