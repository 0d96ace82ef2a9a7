//! The server's resident memory over the run: `VmRSS` from
//! `/proc/<pid>/status`, once a second, on a task of its own.

use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// `(seconds since the start of the run, KiB)`.
pub type RssSample = (f64, u64);

pub(crate) struct Sampler {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Vec<RssSample>>,
}

impl Sampler {
    pub fn start(pid: u32, epoch: Instant) -> Self {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut every = tokio::time::interval(Duration::from_secs(1));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = every.tick() => {
                        if let Some(kib) = vm_rss_kib(pid) {
                            samples.push((epoch.elapsed().as_secs_f64(), kib));
                        }
                    }
                    _ = &mut stopped => break,
                }
            }
            samples
        });
        Self { stop, task }
    }

    pub async fn stop(self) -> Vec<RssSample> {
        let _ = self.stop.send(());
        self.task.await.unwrap_or_default()
    }
}

/// The `VmRSS:` line of `/proc/<pid>/status`, in KiB; `None` once the process is gone.
pub fn vm_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_vm_rss_line_in_kib() {
        let status = "Name:\tserver\nVmPeak:\t  900 kB\nVmRSS:\t   123456 kB\nThreads:\t8\n";
        assert_eq!(super::parse_vm_rss(status), Some(123_456));
        assert_eq!(super::parse_vm_rss("Name:\tx\n"), None);
    }

    #[test]
    fn this_process_has_a_resident_size() {
        assert!(super::vm_rss_kib(std::process::id()).is_some_and(|kib| kib > 0));
    }
}
