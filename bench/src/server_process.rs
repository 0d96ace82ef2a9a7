//! The server as a child process, for the load and crash runs and their
//! smoke tests: started on a free loopback port over a `DATA_DIR` the caller
//! owns, ready once `/healthz` answers, stopped by SIGTERM (clean) or SIGKILL
//! (a crash), and never left running — dropping it kills it.
//!
//! Shared by `workshop` and `crash`; loopback only, like every workload here.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// What to start: the binary, its data folder, its port and extra environment.
#[derive(Debug, Clone)]
pub struct Launch {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    /// The guide's markdown; defaults to the repository's `content/`.
    pub content_dir: PathBuf,
    /// A port on 127.0.0.1; [`free_port`] when not chosen.
    pub port: u16,
    /// Extra variables (`ADDRESS_RATE_PER_SECOND`, `RUST_LOG` …); `RUST_LOG`
    /// defaults to `warn` so logging costs the run nothing.
    pub env: Vec<(String, String)>,
    /// Where the server's stderr goes; discarded when `None`.
    pub log: Option<PathBuf>,
}

impl Launch {
    pub fn new(binary: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> anyhow::Result<Self> {
        Ok(Self {
            binary: binary.into(),
            data_dir: data_dir.into(),
            content_dir: repo_root().join("content"),
            port: free_port()?,
            env: Vec::new(),
            log: None,
        })
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Starts the server and waits (up to `ready_within`) until it is healthy.
    pub async fn start(&self, ready_within: Duration) -> anyhow::Result<ServerProcess> {
        let mut command = Command::new(&self.binary);
        command
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("DATA_DIR", &self.data_dir)
            .env("CONTENT_DIR", &self.content_dir)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        for (name, value) in &self.env {
            command.env(name, value);
        }
        match &self.log {
            Some(path) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .with_context(|| format!("failed to open the server log {}", path.display()))?;
                command.stderr(file);
            }
            None => {
                command.stderr(Stdio::null());
            }
        }
        let child = command.spawn().with_context(|| format!("failed to start {}", self.binary.display()))?;
        let mut server = ServerProcess { child, base: format!("http://127.0.0.1:{}", self.port) };
        server.wait_healthy(ready_within).await?;
        Ok(server)
    }
}

/// A running server; killed (SIGKILL) when dropped if still running.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl ServerProcess {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Polls `/healthz` until it answers 200; fails early if the process exits.
    pub async fn wait_healthy(&mut self, within: Duration) -> anyhow::Result<()> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited before it was healthy: {status}");
            }
            if let Ok(reply) = client.get(format!("{}/healthz", self.base)).send().await {
                if reply.status().is_success() {
                    return Ok(());
                }
            }
            if started.elapsed() > within {
                bail!("the server at {} was not healthy within {within:?}", self.base);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A crash: SIGKILL, no chance to flush or finish requests.
    pub fn kill(&mut self) -> anyhow::Result<std::process::ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().context("failed to reap the killed server")
    }

    /// A clean stop: SIGTERM, then SIGKILL if it is still running after `grace`.
    pub fn stop(&mut self, grace: Duration) -> anyhow::Result<std::process::ExitStatus> {
        let _ = Command::new("kill").arg("-TERM").arg(self.pid().to_string()).status();
        let started = Instant::now();
        while started.elapsed() < grace {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The repository's root (the folder above `bench/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("failed to find a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Refuses any base URL whose host is not loopback: load goes nowhere else.
pub fn ensure_loopback(base: &str) -> anyhow::Result<()> {
    let rest = base.split_once("://").map_or(base, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    let loopback = host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!("refusing to load {host:?}: these workloads target loopback only");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ensure_loopback;

    #[test]
    fn only_loopback_bases_are_accepted() {
        for ok in ["http://127.0.0.1:3000", "http://localhost:8080/", "http://127.3.4.5", "http://[::1]:3000"] {
            assert!(ensure_loopback(ok).is_ok(), "{ok}");
        }
        for bad in ["http://10.0.0.1:3000", "http://example.com", "http://127.0.0.1.evil.example", "http://[::2]:1", ""] {
            assert!(ensure_loopback(bad).is_err(), "{bad}");
        }
    }
}
