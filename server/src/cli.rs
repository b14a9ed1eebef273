//! The server's commands: `serve` (the default) and an operator's tools beside it. Every
//! command reads the same configuration (`Leptos.toml`, then `CIP_*` variables) and exits
//! with 0 when it did what it says, 1 when the database or the system failed it and 2 when
//! it was asked for something wrong (a bad address, a bad configuration).

use crate::config::Config;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "The Civic Innovation Platform's server and its operator's tools."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve the platform (what `server` alone does): migrate, then listen on site_addr.
    Serve,
    /// Bring the database's schema up to date and exit (once, however many servers run it).
    Migrate,
    /// Make a member an admin, or an admin a member again (the web never can).
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Check the configuration and that the database answers with a schema this build
    /// knows; changes nothing. Exit 0 when ready to serve, 1 when not, 2 when misconfigured.
    Check,
    /// Write realistic members and ideas in bulk (German and English texts, every
    /// organisation type, tags, search terms), for trying the platform at scale.
    Seed {
        /// How many members (each with a profile).
        #[arg(long)]
        members: usize,
        /// How many ideas (written by the generated members in turn).
        #[arg(long)]
        ideas: usize,
        /// The same seed writes the same members and ideas; another seed adds others.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The generated members' password (by default a random one, printed at the end).
        #[arg(long)]
        password: Option<String>,
    },
    /// Copy the SQLite database, while it serves, into a new file (on PostgreSQL use pg_dump).
    Backup {
        /// The file to write; it must not exist yet.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum AdminAction {
    /// Make the member with this address an admin.
    Grant { email: String },
    /// Make the admin with this address a member again.
    Revoke { email: String },
}

/// Why a command failed, and the exit code that says so.
#[derive(Debug)]
pub enum Failure {
    /// Asked for something wrong: exit 2.
    Usage(String),
    /// The database or the system failed: exit 1.
    Failed(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 2,
            Self::Failed(_) => 1,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Self::Usage(m) | Self::Failed(m) => m,
        }
    }
}

/// Runs every command but `serve`; the message to print when it is done.
pub async fn run(config: &Config, command: Command) -> Result<String, Failure> {
    match command {
        Command::Serve => Err(Failure::Usage("serve is run by main".into())),
        Command::Migrate => {
            crate::connect(config)
                .await
                .map_err(|e| Failure::Failed(format!("database: {e}")))?;
            Ok("the database's schema is up to date".into())
        }
        Command::Admin { action } => crate::admin::run(config, action).await,
        Command::Check => check(config).await,
        Command::Seed {
            members,
            ideas,
            seed,
            password,
        } => {
            let password = password.unwrap_or_else(random_password);
            let plan = crate::seed::generate::Plan {
                members,
                ideas,
                seed,
                password,
            };
            generate(config, &plan).await
        }
        Command::Backup { file } => backup(config, &file).await,
    }
}

/// The configuration is valid and the database reachable, with no newer schema.
async fn check(config: &Config) -> Result<String, Failure> {
    crate::observe::LogFormat::parse(&config.log_format).map_err(Failure::Usage)?;
    crate::security::TrustedProxies::parse(&config.trusted_proxies)
        .map_err(|e| Failure::Usage(format!("trusted_proxies: {e}")))?;
    config.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
        Failure::Usage(format!(
            "time_zone: {:?} is not a time zone",
            config.time_zone
        ))
    })?;
    if let Some(file) = crate::database::sqlite_file(config)
        && !std::path::Path::new(file).exists()
    {
        // Looking must not create it.
        return Ok(format!(
            "ready: configuration valid; no database at {file} yet, the server creates it at start"
        ));
    }
    let db = crate::database::open(config)
        .await
        .map_err(|e| Failure::Failed(format!("database: {e}")))?;
    db.ping()
        .await
        .map_err(|e| Failure::Failed(format!("database: {e}")))?;
    let pending = crate::database::pending_migrations(&db)
        .await
        .map_err(|e| Failure::Failed(e.to_string()))?;
    Ok(match pending {
        0 => "ready: configuration valid, database reachable, schema up to date".into(),
        n => format!(
            "ready: configuration valid, database reachable; {n} migrations will run at start"
        ),
    })
}

/// `seed`: the generator, with a progress line on stderr.
async fn generate(config: &Config, plan: &crate::seed::generate::Plan) -> Result<String, Failure> {
    use std::io::Write;
    if plan.ideas > 0 && plan.members == 0 {
        return Err(Failure::Usage(
            "ideas need members to write them: --members 1 or more".into(),
        ));
    }
    let db = crate::connect(config)
        .await
        .map_err(|e| Failure::Failed(format!("database: {e}")))?;
    let (members, ideas) = (plan.members.max(1), plan.ideas.max(1));
    crate::seed::generate::run(&db, plan, |m, i| {
        let bar =
            |done: usize, of: usize| "#".repeat(done * 20 / of) + &".".repeat(20 - done * 20 / of);
        eprint!(
            "\rmembers [{}] {m}/{}  ideas [{}] {i}/{}",
            bar(m, members),
            plan.members,
            bar(i, ideas),
            plan.ideas
        );
        let _ = std::io::stderr().flush();
    })
    .await
    .map_err(|e| {
        Failure::Failed(format!(
            "\nseed: {e} (members of this seed may be there already: use another --seed)"
        ))
    })?;
    eprintln!();
    Ok(format!(
        "wrote {} members and {} ideas (seed {}); they log in as {} … {} with the password {}",
        plan.members,
        plan.ideas,
        plan.seed,
        crate::seed::generate::email(plan.seed, 0),
        crate::seed::generate::email(plan.seed, plan.members.saturating_sub(1)),
        plan.password
    ))
}

fn random_password() -> String {
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(rand::distributions::Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// SQLite's own online copy (`VACUUM INTO`): a consistent file while writers go on.
async fn backup(config: &Config, file: &std::path::Path) -> Result<String, Failure> {
    use sea_orm::ConnectionTrait;
    if !config.is_sqlite() {
        return Err(Failure::Usage(
            "backup copies a SQLite database; for PostgreSQL use pg_dump (see README, Deploy)"
                .into(),
        ));
    }
    if file.exists() {
        return Err(Failure::Usage(format!("{} exists already", file.display())));
    }
    let path = file
        .to_str()
        .ok_or_else(|| Failure::Usage("the backup's path must be UTF-8".into()))?;
    let db = crate::database::open(config)
        .await
        .map_err(|e| Failure::Failed(format!("database: {e}")))?;
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        sea_orm::DbBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await
    .map_err(|e| Failure::Failed(format!("backup: {e}")))?;
    Ok(format!("backed up to {}", file.display()))
}
