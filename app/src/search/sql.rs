//! Hand-written SQL for the two search engines: FTS5 and `tsvector` queries have no
//! sea-query form, so the query text is assembled here with bound values only.

use sea_orm::{DbBackend, Statement, Value};

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
