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
/// A SQLite file that can only be read is served as it is (see `read_only`), if its schema
/// is this build's.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, BoxError> {
    let db = open(config).await?;
    if read_only(config) {
        if pending_migrations(&db).await? > 0 {
            return Err(
                "the database file is read-only and its schema older than this \
                        server's: make it writable so that the server can migrate it"
                    .into(),
            );
        }
        return Ok(db);
    }
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
    let readable_only = read_only_mode(config);
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
        .map_sqlx_sqlite_opts(move |o| {
            read_only_options!(o, readable_only)
                .pragma("synchronous", "NORMAL")
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-16000")
                .pragma("temp_store", "MEMORY")
        })
        .map_sqlx_sqlite_pool_opts(|o| {
            o.after_release(|conn, _| Box::pin(out_of_transaction(conn)))
        });
    let db = Database::connect(opts).await?;
    if config.is_sqlite() && readable_only.is_none() {
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

/// Whether the database is a SQLite file that can only be read: `mode=ro` in its URL, or a
/// file the server may not write (a file system remounted read-only, its mode bits). The
/// server then serves what can be read — the market, ideas, the page cache — and answers
/// every change with 503 (`AppError::Unavailable`: SQLite says read-only), instead of
/// refusing to start; nothing is migrated, prepared or cleaned up at start.
pub(crate) fn read_only(config: &Config) -> bool {
    let Some(file) = sqlite_file(config) else {
        return false;
    };
    if config.database_url.contains("mode=ro") {
        return true;
    }
    // Opening for writing writes nothing; a file not there yet is created writable.
    std::fs::OpenOptions::new()
        .write(true)
        .open(file)
        .is_err_and(|e| {
            use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
            matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem)
        })
}

/// Whether a read-only SQLite file may be opened as immutable: SQLite must otherwise create
/// its shared-memory file beside it, which a read-only folder refuses. Not while a write-
/// ahead log with content lies beside it: immutable would ignore the log's last commits.
fn immutable(config: &Config) -> bool {
    let Some(file) = sqlite_file(config) else {
        return false;
    };
    let wal = std::fs::metadata(format!("{file}-wal")).is_ok_and(|m| m.len() > 0);
    let shm = Path::new(&format!("{file}-shm")).exists();
    !(wal && shm)
}

/// SQLite's options for a file opened read-only (`Some(immutable)`), or unchanged (`None`).
/// A macro: sea-orm's sqlx and the session store's are two versions, two option types.
macro_rules! read_only_options {
    ($options:expr, $read_only:expr) => {
        match $read_only {
            Some(immutable) => $options
                .read_only(true)
                .create_if_missing(false)
                .immutable(immutable),
            None => $options,
        }
    };
}
pub(crate) use read_only_options;

/// `read_only_options!`' argument for the configured database.
pub(crate) fn read_only_mode(config: &Config) -> Option<bool> {
    read_only(config).then(|| immutable(config))
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
/// a newer schema, as a server would at start). Reads only: sea-orm's own count would
/// create its table of migrations first.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, BoxError> {
    refuse_newer_schema(db).await?;
    let applied = applied_migrations(db).await.unwrap_or_default();
    Ok(Migrator::migrations()
        .iter()
        .filter(|m| !applied.iter().any(|a| a == m.name()))
        .count())
}

/// The migrations the database has run; `None` before the first (no table of them yet).
async fn applied_migrations(db: &DatabaseConnection) -> Option<Vec<String>> {
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .ok()?;
    Some(
        rows.iter()
            .filter_map(|r| r.try_get::<String>("", "version").ok())
            .collect(),
    )
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
    let Some(applied) = applied_migrations(db).await else {
        return Ok(());
    };
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let unknown: Vec<String> = applied.into_iter().filter(|v| !known.contains(v)).collect();
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
