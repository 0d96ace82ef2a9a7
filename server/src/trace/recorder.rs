//! The `tracing` layer that turns spans and sqlx events into [`Step`]s.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Instant;

use tracing::field::{Field, Visit};
use tracing::{span, Event, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use super::Step;

/// A request being traced: when it started and the steps so far.
pub(super) struct Active {
    started: Instant,
    steps: Mutex<Vec<Step>>,
}

/// Requests in flight, by trace id, so the root span can find its buffer.
static ACTIVE: LazyLock<Mutex<HashMap<String, Arc<Active>>>> = LazyLock::new(Default::default);

pub(super) fn begin(id: &str) -> Arc<Active> {
    let active = Arc::new(Active { started: Instant::now(), steps: Mutex::new(Vec::new()) });
    lock(&ACTIVE).insert(id.to_owned(), active.clone());
    active
}

pub(super) fn finish(id: &str, active: Arc<Active>) -> Vec<Step> {
    lock(&ACTIVE).remove(id);
    std::mem::take(&mut *lock(&active.steps))
}

/// Adds `step` to request `id` if it is still in flight; else gives it back.
pub(super) fn push_if_active(id: &str, mut step: Step) -> Option<Step> {
    let Some(active) = lock(&ACTIVE).get(id).cloned() else { return Some(step) };
    step.start_us = active.started.elapsed().as_micros() as u64;
    lock(&active.steps).push(step);
    None
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Marks a request's root span.
struct Root(Arc<Active>);

/// Marks a recorded step's span.
struct StepRef {
    active: Arc<Active>,
    index: usize,
    depth: usize,
    started: Instant,
}

/// Install with the global subscriber (see `crate::telemetry`).
pub struct RecorderLayer;

impl<S> Layer<S> for RecorderLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let (active, depth, kind) = match (fields.trace_id, fields.kind) {
            // A request's root span: later steps attach below it.
            (Some(trace_id), None) => {
                if let Some(active) = lock(&ACTIVE).get(&trace_id).cloned() {
                    span.extensions_mut().insert(Root(active));
                }
                return;
            }
            // A service entered by an HTTP hop carrying the trace id: its
            // steps join the caller's trace, at the depth the caller passed.
            (Some(trace_id), Some(kind)) => {
                let Some(active) = lock(&ACTIVE).get(&trace_id).cloned() else { return };
                (active, fields.depth.unwrap_or(1), kind)
            }
            (None, Some(kind)) => {
                let Some((active, depth)) = span.scope().skip(1).find_map(|ancestor| enclosing(&ancestor.extensions())) else {
                    return;
                };
                (active, depth, kind)
            }
            (None, None) => return,
        };
        let meta = span.metadata();
        let step = Step {
            kind,
            function: meta.name().to_owned(),
            file: meta.file().unwrap_or("").to_owned(),
            line: meta.line().unwrap_or(0),
            depth,
            start_us: active.started.elapsed().as_micros() as u64,
            duration_us: 0,
            detail: fields.detail,
        };
        let index = {
            let mut steps = lock(&active.steps);
            steps.push(step);
            steps.len() - 1
        };
        span.extensions_mut().insert(StepRef { active, index, depth, started: Instant::now() });
    }

    /// An async step is entered and exited at every poll; its last exit is
    /// when it finished, even if the span itself is dropped a little later.
    fn on_exit(&self, id: &span::Id, ctx: Context<'_, S>) {
        self.note_duration(id, &ctx);
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        self.note_duration(&id, &ctx);
    }

    /// sqlx reports each statement as an event on target `sqlx::query`,
    /// inside the span of the code that ran it.
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else { return };
        let mut owner = None;
        for span in scope {
            let extensions = span.extensions();
            if let Some(step) = extensions.get::<StepRef>() {
                let (function, file, line) =
                    lock(&step.active.steps).get(step.index).map(|s| (s.function.clone(), s.file.clone(), s.line)).unwrap_or_default();
                owner = Some((step.active.clone(), step.depth + 1, function, file, line));
                break;
            }
            if let Some(root) = extensions.get::<Root>() {
                owner = Some((root.0.clone(), 0, String::new(), String::new(), 0));
                break;
            }
        }
        let Some((active, depth, function, file, line)) = owner else { return };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let duration_us = (fields.elapsed_secs.unwrap_or(0.0) * 1e6) as u64;
        let statement = fields.statement.filter(|s| !s.trim().is_empty()).or(fields.summary).unwrap_or_default();
        let end_us = active.started.elapsed().as_micros() as u64;
        lock(&active.steps).push(Step {
            kind: "sql".into(),
            function,
            file,
            line,
            depth,
            start_us: end_us.saturating_sub(duration_us),
            duration_us,
            detail: Some(statement.trim().to_owned()),
        });
    }
}

impl RecorderLayer {
    fn note_duration<S>(&self, id: &span::Id, ctx: &Context<'_, S>)
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
    {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        if let Some(step) = extensions.get::<StepRef>() {
            if let Some(recorded) = lock(&step.active.steps).get_mut(step.index) {
                recorded.duration_us = step.started.elapsed().as_micros() as u64;
            }
        }
    }
}

/// The trace and depth a new step under this span belongs to.
fn enclosing(extensions: &tracing_subscriber::registry::Extensions<'_>) -> Option<(Arc<Active>, usize)> {
    if let Some(step) = extensions.get::<StepRef>() {
        return Some((step.active.clone(), step.depth + 1));
    }
    extensions.get::<Root>().map(|root| (root.0.clone(), 0))
}

#[derive(Default)]
struct Fields {
    trace_id: Option<String>,
    kind: Option<String>,
    detail: Option<String>,
    summary: Option<String>,
    statement: Option<String>,
    elapsed_secs: Option<f64>,
    depth: Option<usize>,
}

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.elapsed_secs = Some(value);
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "depth" {
            self.depth = usize::try_from(value).ok();
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if field.name() == "depth" {
            self.depth = usize::try_from(value).ok();
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field.name(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.set(field.name(), format!("{value:?}"));
    }
}

impl Fields {
    fn set(&mut self, name: &str, value: String) {
        match name {
            "trace_id" => self.trace_id = Some(value),
            "kind" => self.kind = Some(value),
            "detail" => self.detail = Some(value),
            "summary" => self.summary = Some(value),
            "db.statement" => self.statement = Some(value),
            _ => {}
        }
    }
}
