//! Hand-written SQL for the two engines: FTS5 and `tsvector` queries (`search::ranked`) and
//! a few lists have no sea-query form, so their text is assembled here with bound values
//! only; `browse` pages through a list without search words.

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

#[cfg(test)]
mod tests {
    use super::*;

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
