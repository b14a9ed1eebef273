#![recursion_limit = "512"]
//! The server binary: loads the configuration and serves (see `server::build`).

use clap::Parser;
use server::cli::{Cli, Command};
use server::config::Config;

/// glibc raises its mmap threshold after the first large block is freed, so later 19 MiB
/// argon2id blocks come from the heap and stay resident after use (a storm of 300 logins
/// kept 220 MB; 5.8 GB before hashing was bounded). A fixed threshold turns the dynamic raise off: every block of 1 MiB or
/// more is mapped for its use and returned when freed (the same storm: 71 MB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only changes a malloc tuning value; called once, before any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    return_large_blocks_to_the_system();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("could not start the runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
    // `--help` and a wrong command are answered before any configuration is read.
    let command = Cli::parse().command.unwrap_or(Command::Serve);
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    if command != Command::Serve {
        match server::cli::run(&config, command).await {
            Ok(done) => println!("{done}"),
            Err(e) => {
                eprintln!("{}", e.message());
                std::process::exit(e.exit_code());
            }
        }
        return;
    }
    match server::observe::LogFormat::parse(&config.log_format) {
        Ok(format) => server::observe::init_logs(&config.log, format),
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    }
    let app = match server::build(&config, app::backend::Clock::system()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(app.addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, addr = %app.addr, "could not listen");
            std::process::exit(1);
        }
    };
    tracing::info!("listening on http://{}", app.addr);
    if let Err(e) = server::serve(
        listener,
        app.router,
        app.header_read_timeout,
        app.state.events.clone(),
    )
    .await
    {
        tracing::error!(error = %e, "server stopped");
        std::process::exit(1);
    }
}
