//! The database at start: connected and migrated, every statement counted and logged,
//! and the data made ready (demo, vocabulary, search terms) before the first request.

use crate::BoxError;
use crate::config::Config;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a request waits for a database connection (the app's pool and the session
/// store's): then it answers 503, so that within 2 s of the database going away every
/// request has its answer.
pub(crate) const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Connects to the database, creating the SQLite file's folder if needed, and migrates.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, BoxError> {
    let db = open(config).await?;
    migrate(&db).await?;
    app::compositions::account_deletion::erase::ensure_deleted_member(&db).await?;
    Ok(db)
}

/// Connects to the database as it is (`server check` looks before anything changes it).
pub async fn open(config: &Config) -> Result<DatabaseConnection, BoxError> {
    if let Some(dir) = sqlite_file(config)
        .and_then(|path| Path::new(path).parent())
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = ConnectOptions::new(config.database_url.clone());
    opts.max_connections(if config.is_sqlite() { 8 } else { 16 })
        // A request waits this long for a connection, then answers 503 with Retry-After
        // (`AppError::Unavailable`): while the database is down, and under an overload
        // that a queue would only lengthen.
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .sqlx_logging(false)
        // Short web queries on a data set that fits in memory: parallel workers cost more
        // to start than they save (27 ms before a 15 ms search), and an index lookup costs
        // little more than a sequential read (else a search joins 2,000 matches by hashing
        // all 90,000 ideas). And every search is planned for its own words: a generic plan
        // of a prepared search, chosen after five runs, suits one word and not the next.
        // Measured in issue #8's scale bench.
        .map_sqlx_postgres_opts(|o| {
            o.options([
                ("max_parallel_workers_per_gather", "0"),
                ("random_page_cost", "1.1"),
                ("plan_cache_mode", "force_custom_plan"),
            ])
        })
        // Each SQLite connection: in WAL mode `synchronous = NORMAL` commits without waiting
        // for the disk at every write (a process killed mid-write loses nothing acknowledged;
        // only an operating-system crash can lose the last commits); reads go through a
        // memory map and a larger page cache instead of a read() per page.
        .map_sqlx_sqlite_opts(|o| {
            o.pragma("synchronous", "NORMAL")
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16000")
                .pragma("temp_store", "MEMORY")
        })
        .map_sqlx_sqlite_pool_opts(|o| {
            o.after_release(|conn, _| Box::pin(out_of_transaction(conn)))
        });
    let db = Database::connect(opts).await?;
    if config.is_sqlite() {
        // WAL lets readers continue while a write commits; it persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Whether a SQLite connection handed back to the pool is out of every transaction, as
/// it must be; one that is not is closed (SQLite rolls back what it holds). A COMMIT that
/// fails on a full disk or a read-only file can leave SQLite's transaction open behind
/// the driver's back: the next "transaction" on that connection was then only a savepoint
/// inside it, answered as saved and never committed (`.ci/faults`, the full disk: 4 of 4
/// such writes lost), and its lock made every other writer wait.
async fn out_of_transaction(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<bool, sea_orm::sqlx::Error> {
    use sea_orm::sqlx::{Connection, Executor};
    if conn.is_in_transaction() {
        return Ok(false);
    }
    // SQLite refuses a BEGIN inside a transaction; an empty one costs no I/O.
    if conn.execute("BEGIN").await.is_err() {
        return Ok(false);
    }
    conn.execute("ROLLBACK").await?;
    Ok(true)
}

/// The SQLite database's file, as `database_url` names it.
pub(crate) fn sqlite_file(config: &Config) -> Option<&str> {
    let url = config.database_url.as_str();
    let path = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))?;
    path.split('?').next()
}

/// How many migrations this build knows that the database has not run yet (after refusing
/// a newer schema, as a server would at start).
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, BoxError> {
    refuse_newer_schema(db).await?;
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

/// The key of the advisory lock that servers starting together on one PostgreSQL take in
/// turn to migrate ("cip" in ASCII).
const MIGRATION_LOCK: i64 = 0x0063_6970;

/// Brings the schema up to date — once, however many servers start together — after
/// refusing a schema newer than this build knows (a rollback to an older server would
/// otherwise run on tables it does not understand).
async fn migrate(db: &DatabaseConnection) -> Result<(), BoxError> {
    use sea_orm::TransactionTrait;
    refuse_newer_schema(db).await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // The lock is the transaction's: the next server waits for the commit, then finds
        // nothing left to do. The migrations run in the same transaction.
        let txn = db.begin().await?;
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            .await?;
        Migrator::up(&txn, None).await?;
        txn.commit().await?;
    } else {
        // SQLite: one process is the deployment; its write lock orders the rest.
        Migrator::up(db, None).await?;
    }
    Ok(())
}

/// Fails with a clear message when the database has migrations this build does not know.
async fn refuse_newer_schema(db: &DatabaseConnection) -> Result<(), BoxError> {
    // A new database has no table of migrations yet.
    let Ok(rows) = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await
    else {
        return Ok(());
    };
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let unknown: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get::<String>("", "version").ok())
        .filter(|v| !known.contains(v))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the database's schema is newer than this server: it has migrations this build does \
         not know ({}). Start the newer server, or restore a backup taken before it migrated.",
        unknown.join(", ")
    )
    .into())
}

/// Statements that take this long are logged as warnings (with `log = "cip::sql=debug"`,
/// every statement and its time).
const SLOW_STATEMENT: Duration = Duration::from_millis(250);

/// The database, with every statement counted (`queries`, for the statement-count tests)
/// and logged by its text (`cip::sql`; slow ones as warnings).
pub(crate) async fn open_database(
    config: &Config,
) -> Result<(DatabaseConnection, Arc<AtomicU64>), BoxError> {
    let mut db = connect(config).await?;
    let queries = Arc::new(AtomicU64::new(0));
    {
        let queries = queries.clone();
        db.set_metric_callback(move |info| {
            queries.fetch_add(1, Ordering::Relaxed);
            // Statement text only: bound values may hold personal data.
            let micros = info.elapsed.as_micros() as u64;
            if info.elapsed >= SLOW_STATEMENT {
                tracing::warn!(target: "cip::sql", micros, sql = %info.statement.sql, "slow statement");
            } else {
                tracing::debug!(target: "cip::sql", micros, sql = %info.statement.sql, "statement");
            }
        });
    }
    Ok((db, queries))
}

/// What the data needs before the first request: the demo (into an empty database), tags
/// folded into the vocabulary's concepts, search terms for rows that have none.
pub(crate) async fn prepare_data(config: &Config, db: &DatabaseConnection) -> Result<(), BoxError> {
    if config.load_demo_data() {
        crate::seed::load_if_empty(db).await?;
    } else if config.demo_data {
        tracing::warn!(
            "demo data not loaded: public_url is https and its demo passwords are published \
             (set demo_data_on_https = true to force)"
        );
    }
    // Tags written before their word joined the vocabulary become its concept.
    let (ideas, members) = app::backend::tags::fold_into_concepts(db).await?;
    for id in &ideas {
        app::search::index::idea(db, *id).await?;
    }
    for id in &members {
        app::search::index::profile(db, *id).await?;
    }
    if !ideas.is_empty() || !members.is_empty() {
        tracing::info!(
            ideas = ideas.len(),
            members = members.len(),
            "tags folded into the vocabulary's concepts"
        );
    }
    // Rows written before search existed (and the demo data) get their search terms.
    let indexed = app::search::index::missing(db).await?;
    if indexed > 0 {
        tracing::info!(indexed, "search terms written");
    }
    Ok(())
}
