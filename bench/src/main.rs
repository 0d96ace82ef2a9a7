//! The `bench` command line: `bench api` measures the demo API case by case
//! (`bench/run.sh`); `bench workshop` simulates a room of attendees against
//! a running server (`bench/workshop.sh`); `bench crash` kills a server it
//! starts mid-writes and checks what survived (`bench/crash.sh`). All target
//! loopback only and stop by themselves; the figures are markdown on stdout.

use std::time::Duration;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "bench", about = "Load generators for Patterns Live (loopback only)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// POST /users and POST /orders per backend and concurrency.
    Api(bench::demo_api::Args),
    /// A workshop: attendees opening pages and writing at a human pace, a
    /// burst, then every acknowledged write looked up again.
    Workshop(WorkshopArgs),
    /// The crash test: SIGKILL the server mid-writes, restart it, check
    /// integrity, every acknowledged write, the CQRS catch-up and the
    /// outbox's exactly-once delivery. Exits 1 on any problem.
    Crash(CrashArgs),
}

#[derive(clap::Args)]
struct CrashArgs {
    /// The server binary to start and kill, e.g. ./target/release/server
    #[arg(long)]
    server: std::path::PathBuf,
    #[arg(long, default_value_t = 20)]
    cycles: usize,
    /// Concurrent writers per demo.
    #[arg(long, default_value_t = 3)]
    clients: usize,
    /// Writes before each kill last a random time in low,high milliseconds.
    #[arg(long, value_delimiter = ',', default_values_t = [500, 3000])]
    window_ms: Vec<u64>,
    /// A fresh folder for the databases, kept afterwards (default: a
    /// temporary one, kept only if the run fails).
    #[arg(long)]
    data_dir: Option<std::path::PathBuf>,
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(clap::Args)]
struct WorkshopArgs {
    /// Base URL of a running server, e.g. http://127.0.0.1:3000
    #[arg(long)]
    base: String,
    /// The server's process id, to sample its RSS.
    #[arg(long)]
    pid: Option<u32>,
    #[arg(long, default_value_t = 200)]
    attendees: usize,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Think time between an attendee's steps, milliseconds: low,high.
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 3000])]
    think_ms: Vec<u64>,
    /// When the presenter calls for the burst (seconds; a negative value: no burst).
    #[arg(long, default_value_t = 30.0, allow_hyphen_values = true)]
    burst_at: f64,
    /// Writes per attendee in the burst.
    #[arg(long, default_value_t = 10)]
    burst_writes: usize,
    /// Of those, how many are sign-ups (the rest are orders).
    #[arg(long, default_value_t = 2)]
    burst_users: usize,
    /// Every n-th attendee works in a shared room sandbox (0: nobody).
    #[arg(long, default_value_t = 4)]
    room_every: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Width of the timeline's windows, seconds.
    #[arg(long, default_value_t = 5)]
    window: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Api(args) => bench::demo_api::run(args).await,
        Command::Workshop(args) => {
            let mut config = bench::workshop::WorkshopConfig::new(args.base);
            config.pid = args.pid;
            config.attendees = args.attendees;
            config.duration = Duration::from_secs(args.seconds);
            let [low, high] = args.think_ms[..] else {
                anyhow::bail!("--think-ms takes two numbers, low,high");
            };
            config.think = (Duration::from_millis(low), Duration::from_millis(high));
            config.burst_at = (args.burst_at >= 0.0).then(|| Duration::from_secs_f64(args.burst_at));
            config.burst_writes = args.burst_writes;
            config.burst_users = args.burst_users;
            config.room_every = args.room_every;
            config.seed = args.seed;
            config.window = Duration::from_secs(args.window);
            let report = bench::workshop::run(config).await?;
            print!("{}", report.markdown());
            Ok(())
        }
        Command::Crash(args) => {
            let [shortest, longest] = args.window_ms[..] else {
                anyhow::bail!("--window-ms takes two numbers, low,high");
            };
            let mut config = bench::crash::CrashConfig::new(args.server);
            config.cycles = args.cycles;
            config.clients_per_pattern = args.clients;
            config.shortest_window = Duration::from_millis(shortest);
            config.longest_window = Duration::from_millis(longest.max(shortest));
            config.data_dir = args.data_dir;
            config.seed = args.seed;
            let report = bench::crash::run(&config).await?;
            print!("{}", report.to_markdown());
            if !report.problems().is_empty() {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}
