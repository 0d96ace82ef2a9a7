//! Wires the server: configuration, logging, the guide, the router, serve.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::{config::Config, content, demos::Demos, router, AppState};

// Rendering a page and answering the demo API allocate many small values;
// under load glibc's allocator took a sixth of the server's CPU (perf while
// bench/pages.sh ran), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "server", about = "Patterns Live: the guide site and its live demos")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Render all content and report every problem; exit 1 if there is any.
    CheckContent,
    /// Render all content as the server does at start-up (pages and search
    /// index) and write each page's HTML into a folder: the work that
    /// `bench/render.sh` times against `mdbook build`.
    RenderContent {
        /// Where the pages go, one `<slug>.html` each.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Run one of the microservices demo's services as a process of its own.
    Service {
        /// users, orders or payments
        name: String,
        #[arg(long, default_value = "127.0.0.1:4001")]
        addr: std::net::SocketAddr,
        /// Where users runs (orders calls it).
        #[arg(long)]
        users_url: Option<String>,
        /// Where orders runs (payments delivers to it).
        #[arg(long)]
        orders_url: Option<String>,
        /// Where payments runs (orders delivers to it).
        #[arg(long)]
        payments_url: Option<String>,
    },
    /// Drive a demo backend from the command line.
    Demo {
        #[command(subcommand)]
        demo: DemoCommand,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// The hexagonal demo's CLI adapter: the same core as its REST adapter.
    Hexagonal {
        #[command(subcommand)]
        command: server::demos::hexagonal::HexagonalCommand,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    server::telemetry::init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command {
        Some(Command::Demo { demo: DemoCommand::Hexagonal { command } }) => return run_hexagonal_cli(&config, command).await,
        Some(Command::Service { name, addr, users_url, orders_url, payments_url }) => {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("failed to create DATA_DIR {}", config.data_dir.display()))?;
            return server::demos::microservices::run_service(&name, addr, &config.data_dir, users_url, orders_url, payments_url).await;
        }
        _ => {}
    }

    // The guide renders on blocking threads while the demo databases open:
    // start-up waits for the slower of the two, not for both in turn.
    let rendering = tokio::task::spawn_blocking({
        let content_dir = config.content_dir.clone();
        move || {
            let started = Instant::now();
            let guide = content::load_guide(&content_dir, &content::Highlighter::new());
            if let Ok(guide) = &guide {
                tracing::info!(pages = guide.pages.len(), elapsed_ms = started.elapsed().as_millis() as u64, "content rendered");
            }
            guide
        }
    });
    let guide = async {
        match rendering.await {
            Ok(Ok(guide)) => guide,
            Ok(Err(errors)) => {
                eprint!("{errors}");
                std::process::exit(1);
            }
            Err(panicked) => std::panic::resume_unwind(panicked.into_panic()),
        }
    };
    match &cli.command {
        Some(Command::CheckContent) => {
            let guide = guide.await;
            println!("content ok: {} pages", guide.pages.len());
            return Ok(());
        }
        Some(Command::RenderContent { out }) => return render_content(guide.await, out).await,
        _ => {}
    }

    std::fs::create_dir_all(&config.data_dir).with_context(|| format!("failed to create DATA_DIR {}", config.data_dir.display()))?;
    let traces: Arc<server::trace::TraceStore> = Default::default();
    // The search index is built from the rendered guide, also beside the databases.
    let (published, demos) =
        tokio::join!(async { server::published::Published::new(guide.await).await }, Demos::open(&config.data_dir, traces.clone()));
    let (published, demos) = (published?, demos?);
    tokio::spawn(expire_idle_sandboxes(demos.clone(), config.sandbox_ttl));
    let addr = config.leptos.site_addr;
    let content = server::published::Live::new(published);
    let options = app::SiteOptions { live_reload: config.is_dev(), edit_url_template: config.edit_url_template.clone(), ..Default::default() };
    let reloads = if config.is_dev() { Some(server::reload::watch(config.content_dir.clone(), content.clone())?) } else { None };
    server::api::sandbox::set_secure_cookies(config.guard.tls);
    let guards = server::guard::Guards::new(
        config.guard.clone(),
        server::guard::storage::Storage::watch(config.data_dir.clone(), config.guard.max_data_bytes),
    );
    let state = AppState { leptos: config.leptos.clone(), content, demos, traces, options, guards };
    let mut app = router(state);
    if let Some(reloads) = reloads {
        tracing::info!(content = %config.content_dir.display(), "development run: content reloads on change");
        app = app.merge(server::reload::routes(reloads));
    }

    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("failed to listen on {addr}"))?;
    tracing::info!(%addr, ready_ms = started.elapsed().as_millis() as u64, "listening on http://{addr}");
    server::guard::serve::serve(listener, app, config.guard.header_timeout, shutdown_signal()).await.context("server failed")?;
    Ok(())
}

async fn render_content(guide: app::guide::Guide, out: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("failed to create {}", out.display()))?;
    for page in &guide.pages {
        let file = out.join(format!("{}.html", page.slug));
        std::fs::write(&file, page.html.as_bytes()).with_context(|| format!("failed to write {}", file.display()))?;
    }
    let pages = guide.pages.len();
    // The search index is part of what start-up renders, as it is for mdBook.
    server::published::Published::new(guide).await?;
    println!("rendered {pages} pages into {}", out.display());
    Ok(())
}

async fn run_hexagonal_cli(config: &Config, command: server::demos::hexagonal::HexagonalCommand) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir).with_context(|| format!("failed to create DATA_DIR {}", config.data_dir.display()))?;
    let pool = Demos::open_hexagonal(&config.data_dir).await?;
    println!("{}", server::demos::hexagonal::run_cli(command, pool).await?);
    Ok(())
}

/// Every few minutes, delete the data of sandboxes idle past their time.
async fn expire_idle_sandboxes(demos: Demos, ttl: std::time::Duration) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        match demos.expire_idle(ttl).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sandboxes = n, "expired idle sandboxes"),
            Err(err) => tracing::warn!(error = %err, "could not expire idle sandboxes"),
        }
    }
}

/// Ctrl-C or SIGTERM (how service managers and CI stop us): stop accepting,
/// finish the requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
