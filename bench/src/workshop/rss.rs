//! The server's resident memory and CPU over the run, once a second on a
//! task of its own: `VmRSS` from `/proc/<pid>/status`, CPU ticks of the
//! server (`/proc/<pid>/stat`), of this load generator and of the whole
//! machine (`/proc/stat`). The load generator runs on the same cores as the
//! server, and so may anything else on the machine: the CPU split tells
//! whether a slow window was the server's doing.

use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// `(seconds since the start of the run, KiB)`.
pub type RssSample = (f64, u64);

/// One second's reading.
#[derive(Debug, Clone, Copy)]
pub struct ResourceSample {
    /// Seconds since the start of the run.
    pub at: f64,
    pub rss_kib: u64,
    /// CPU ticks (user + system) used so far by the server, by this process,
    /// and by all cores busy and in total (all in the kernel's clock ticks).
    pub server_ticks: u64,
    pub bench_ticks: u64,
    pub busy_ticks: u64,
    pub total_ticks: u64,
}

pub(crate) struct Sampler {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Vec<ResourceSample>>,
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
                        if let Some(sample) = read(pid, epoch) {
                            samples.push(sample);
                        }
                    }
                    _ = &mut stopped => break,
                }
            }
            samples
        });
        Self { stop, task }
    }

    pub async fn stop(self) -> Vec<ResourceSample> {
        let _ = self.stop.send(());
        self.task.await.unwrap_or_default()
    }
}

fn read(pid: u32, epoch: Instant) -> Option<ResourceSample> {
    let (busy_ticks, total_ticks) = machine_ticks(&std::fs::read_to_string("/proc/stat").ok()?)?;
    Some(ResourceSample {
        at: epoch.elapsed().as_secs_f64(),
        rss_kib: vm_rss_kib(pid)?,
        server_ticks: process_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?,
        bench_ticks: process_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)?,
        busy_ticks,
        total_ticks,
    })
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

/// utime + stime of a `/proc/<pid>/stat` line (fields 14 and 15; the name
/// in parentheses may hold spaces, so count from the last `)`).
fn process_ticks(stat: &str) -> Option<u64> {
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// `(busy, total)` ticks of all cores from the `cpu` line of `/proc/stat`:
/// total = user … steal, busy = total − idle − iowait.
fn machine_ticks(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().find(|line| line.starts_with("cpu "))?;
    let ticks: Vec<u64> = line.split_whitespace().skip(1).take(8).map(|v| v.parse().ok()).collect::<Option<_>>()?;
    let total: u64 = ticks.iter().sum();
    Some((total - ticks.get(3)? - ticks.get(4)?, total))
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
    fn reads_cpu_ticks_of_a_process_and_of_the_machine() {
        let stat = "4242 (tokio-rt (worker)) S 1 2 3 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 9 0 100 0 0";
        assert_eq!(super::process_ticks(stat), Some(325));
        let machine = "cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 50 2 25 400 10 0 1 1 0 0\n";
        assert_eq!(super::machine_ticks(machine), Some((161, 981)));
    }

    #[test]
    fn this_process_can_be_sampled() {
        let sample = super::read(std::process::id(), std::time::Instant::now()).unwrap();
        assert!(sample.rss_kib > 0 && sample.total_ticks >= sample.busy_ticks);
    }
}
