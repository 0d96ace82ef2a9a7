//! The projector: reads new events from the write side and applies them to
//! the read model, in order, at its own pace.
//!
//! Progress is stored in the read database in the same transaction as each
//! applied event (`positions`), and the point below which everything is
//! applied (`checkpoint`) is where a restart resumes. Applying is idempotent,
//! so a restart may re-read events but never doubles them, and never skips
//! one. A sandbox may ask for a delay (for teaching); its events then wait
//! without holding up other sandboxes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use sqlx::SqlitePool;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

use super::super::events::Recorded;
use super::super::write_model::event_store;
use super::views;
use crate::api::sandbox::SandboxId;
use crate::db;
use crate::trace::{Step, TraceStore};

const BATCH: i64 = 500;
const IDLE_POLL: Duration = Duration::from_millis(50);

pub struct Projector {
    write: SqlitePool,
    read: SqlitePool,
    wake: Notify,
    /// Held while applying, rebuilding or purging: one writer of the views.
    state: Mutex<State>,
    task: std::sync::Mutex<Option<JoinHandle<()>>>,
    /// The trace of the request that appended an event, by sandbox and
    /// sequence, so its projection shows up in that trace later.
    origins: std::sync::Mutex<HashMap<(String, i64), String>>,
    traces: Arc<TraceStore>,
}

/// Traces waiting for their projection; past this, new ones are not noted.
const MAX_ORIGINS: usize = 10_000;

#[derive(Default)]
struct State {
    checkpoint: Option<i64>,
    positions: HashMap<String, i64>,
}

// ANCHOR: status
/// What a sandbox sees of the projection.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Status {
    pub delay_ms: i64,
    /// The sandbox's events not yet in the read model.
    pub pending_events: i64,
    /// How long its last projected event waited, in ms.
    pub last_lag_ms: i64,
}
// ANCHOR_END: status

impl Projector {
    pub fn start(write: SqlitePool, read: SqlitePool, traces: Arc<TraceStore>) -> Arc<Self> {
        let projector = Arc::new(Self {
            write,
            read,
            wake: Notify::new(),
            state: Mutex::default(),
            task: Default::default(),
            origins: Default::default(),
            traces,
        });
        projector.resume();
        projector
    }

    /// (Re)starts the background loop; it resumes from the stored checkpoint.
    pub fn resume(self: &Arc<Self>) {
        // The loop holds only a weak reference: when the demo is dropped, it ends.
        let me = Arc::downgrade(self);
        let task = tokio::spawn(async move { Self::run(me).await });
        if let Some(old) = self.task.lock().unwrap_or_else(|p| p.into_inner()).replace(task) {
            old.abort();
        }
    }

    /// Stops the loop at its next await point.
    pub fn stop(&self) {
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }

    /// Stops the loop as a crash would: mid-work, forgetting what it held
    /// in memory. Used by tests of restart.
    pub async fn crash(&self) {
        self.stop();
        *self.state.lock().await = State::default();
    }

    /// New events are waiting.
    pub fn notify(&self) {
        self.wake.notify_one();
    }

    async fn run(me: std::sync::Weak<Self>) {
        while let Some(projector) = me.upgrade() {
            match projector.run_once().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(err) => tracing::warn!(error = %err, "projection failed; retrying"),
            }
            let _ = tokio::time::timeout(IDLE_POLL, projector.wake.notified()).await;
        }
    }

    // ANCHOR: run_once
    /// One pass over new events. Returns whether a full batch was read (so
    /// there may be more right away).
    async fn run_once(&self) -> Result<bool, sqlx::Error> {
        let mut state = self.state.lock().await;
        let checkpoint = match state.checkpoint {
            Some(checkpoint) => checkpoint,
            None => sqlx::query_scalar("SELECT position FROM checkpoint WHERE id = 1").fetch_one(&self.read).await?,
        };
        let now_ms = now_ms();
        let mut delays: HashMap<String, i64> = HashMap::new();
        let mut waiting: HashSet<String> = HashSet::new();
        let mut new_checkpoint = checkpoint;
        // One transaction for the batch: the views, the positions and the
        // checkpoint move together, and a busy projector pays one commit.
        let mut tx = db::begin_write(&self.read).await?;
        let mut applied: HashMap<String, i64> = HashMap::new();
        let mut projected = Vec::new();
        // While a sandbox waits out its delay the checkpoint stays before its
        // event, so read on past this batch: one sandbox's delay must never
        // hold up the events of everyone else.
        let mut after = checkpoint;
        let mut read;
        loop {
            let events = event_store::events_after(&self.write, after, BATCH).await?;
            read = events.len() as i64;
            for recorded in &events {
                if !waiting.contains(&recorded.sandbox) {
                    let delay = match delays.get(&recorded.sandbox) {
                        Some(delay) => *delay,
                        None => {
                            let delay = event_store::delay_ms(&self.write, &recorded.sandbox).await?;
                            delays.insert(recorded.sandbox.clone(), delay);
                            delay
                        }
                    };
                    if now_ms >= recorded.recorded_at_ms + delay {
                        let position = match applied.get(&recorded.sandbox) {
                            Some(position) => *position,
                            None => self.position(&mut state, &recorded.sandbox).await?,
                        };
                        if recorded.sequence > position {
                            views::apply(&mut tx, recorded).await?;
                            sqlx::query("INSERT INTO positions (sandbox, position, last_lag_ms) VALUES (?, ?, ?) ON CONFLICT (sandbox) DO UPDATE SET position = excluded.position, last_lag_ms = excluded.last_lag_ms")
                            .bind(&recorded.sandbox)
                            .bind(recorded.sequence)
                            .bind(now_ms - recorded.recorded_at_ms)
                            .execute(&mut *tx)
                            .await?;
                            applied.insert(recorded.sandbox.clone(), recorded.sequence);
                            projected.push((recorded.clone(), now_ms - recorded.recorded_at_ms));
                        }
                    } else {
                        // Its sandbox asked for a delay: it and the sandbox's later events wait.
                        waiting.insert(recorded.sandbox.clone());
                    }
                }
                if waiting.is_empty() {
                    new_checkpoint = recorded.sequence;
                }
            }
            match events.last() {
                Some(last) if read == BATCH && !waiting.is_empty() => after = last.sequence,
                _ => break,
            }
        }
        if new_checkpoint != checkpoint {
            sqlx::query("UPDATE checkpoint SET position = ? WHERE id = 1").bind(new_checkpoint).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        state.positions.extend(applied);
        state.checkpoint = Some(new_checkpoint);
        self.note_in_traces(&projected);
        Ok(read == BATCH && new_checkpoint != checkpoint)
    }
    // ANCHOR_END: run_once

    /// `trace_id` appended event `sequence` of `sandbox`: its projection
    /// will be added to that trace.
    /// (The projector may have been quicker than the caller: then it is
    /// noted now. Holding `state` orders this against a projection pass.)
    pub async fn remember_trace(&self, sandbox: &str, sequence: i64, trace_id: &str) {
        let state = self.state.lock().await;
        let mut origins = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        if origins.len() < MAX_ORIGINS {
            origins.insert((sandbox.to_owned(), sequence), trace_id.to_owned());
        }
        drop(origins);
        if state.positions.get(sandbox).is_some_and(|position| *position >= sequence) {
            let sandbox = sandbox.to_owned();
            self.note_in_traces_by(&[(sandbox, sequence, "event", None)]);
        }
    }

    /// The projection of an event is a step of the request that appended
    /// it, though it happens later, on this task.
    fn note_in_traces(&self, projected: &[(Recorded, i64)]) {
        let projected: Vec<_> = projected.iter().map(|(r, lag)| (r.sandbox.clone(), r.sequence, r.event.name(), Some(*lag))).collect();
        self.note_in_traces_by(&projected);
    }

    fn note_in_traces_by(&self, projected: &[(String, i64, &str, Option<i64>)]) {
        let mut origins = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        for (sandbox, sequence, event, lag_ms) in projected {
            let Some(trace_id) = origins.remove(&(sandbox.clone(), *sequence)) else { continue };
            let Ok(sandbox) = SandboxId::parse(sandbox) else { continue };
            let when = lag_ms.map_or_else(String::new, |lag| format!(" {lag} ms after it was appended"));
            let step = Step {
                kind: "event".into(),
                function: "Projector::run_once".into(),
                file: file!().into(),
                line: line!(),
                depth: 1,
                start_us: 0,
                duration_us: 0,
                detail: Some(format!("{event} #{sequence} projected into the read model{when}")),
            };
            self.traces.append_step(&sandbox, &trace_id, step);
        }
    }

    async fn position(&self, state: &mut State, sandbox: &str) -> Result<i64, sqlx::Error> {
        if let Some(position) = state.positions.get(sandbox) {
            return Ok(*position);
        }
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT position FROM positions WHERE sandbox = ?").bind(sandbox).fetch_optional(&self.read).await?;
        let position = stored.unwrap_or(0);
        state.positions.insert(sandbox.to_owned(), position);
        Ok(position)
    }

    /// Waits until the sandbox's read model has applied `sequence`, at most `limit`.
    pub async fn wait_for(&self, sandbox: &str, sequence: i64, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let position: Option<i64> = sqlx::query_scalar("SELECT position FROM positions WHERE sandbox = ?")
                .bind(sandbox)
                .fetch_optional(&self.read)
                .await
                .unwrap_or(None);
            if position.unwrap_or(0) >= sequence {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn status(&self, sandbox: &str) -> Result<Status, sqlx::Error> {
        let row: Option<(i64, i64)> = sqlx::query_as("SELECT position, last_lag_ms FROM positions WHERE sandbox = ?")
            .bind(sandbox)
            .fetch_optional(&self.read)
            .await?;
        let (position, last_lag_ms) = row.unwrap_or((0, 0));
        Ok(Status {
            delay_ms: event_store::delay_ms(&self.write, sandbox).await?,
            pending_events: event_store::count_after(&self.write, sandbox, position).await?,
            last_lag_ms,
        })
    }

    // ANCHOR: rebuild
    /// Throws the sandbox's views away and replays all its events into
    /// fresh ones: the read model is only ever a function of the events.
    #[tracing::instrument(name = "Projector::rebuild", skip_all, fields(kind = "event"))]
    pub async fn rebuild(&self, sandbox: &str) -> Result<(), sqlx::Error> {
        let mut state = self.state.lock().await;
        let events = event_store::sandbox_events(&self.write, sandbox).await?;
        let mut tx = db::begin_write(&self.read).await?;
        views::clear(&mut tx, sandbox).await?;
        for recorded in &events {
            views::apply(&mut tx, recorded).await?;
        }
        let last = events.last().map_or(0, |e| e.sequence);
        sqlx::query("INSERT INTO positions (sandbox, position, last_lag_ms) VALUES (?, ?, 0) ON CONFLICT (sandbox) DO UPDATE SET position = excluded.position")
            .bind(sandbox)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        state.positions.insert(sandbox.to_owned(), last);
        Ok(())
    }
    // ANCHOR_END: rebuild

    /// Erases the sandbox on both sides, between two projection passes.
    pub async fn purge(&self, sandbox: &str) -> Result<(), sqlx::Error> {
        let mut state = self.state.lock().await;
        event_store::purge(&self.write, sandbox).await?;
        views::purge(&self.read, sandbox).await?;
        state.positions.remove(sandbox);
        Ok(())
    }
}

impl Drop for Projector {
    fn drop(&mut self) {
        if let Some(task) = self.task.get_mut().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }
}

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}
