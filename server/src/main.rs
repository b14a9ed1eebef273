#![recursion_limit = "512"]
//! The server binary: loads the configuration and serves (see `server::build`).

use server::config::Config;

#[tokio::main]
async fn main() {
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log))
        .init();
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
    if let Err(e) = server::serve(listener, app.router, app.header_read_timeout).await {
        tracing::error!(error = %e, "server stopped");
        std::process::exit(1);
    }
}
