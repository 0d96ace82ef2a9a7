//! Finished traces, kept per sandbox and bounded: each sandbox keeps its
//! most recent traces, and the whole store forgets the least recently used
//! sandboxes first, so a flood of visitors cannot grow memory without end.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::Trace;
use crate::api::sandbox::SandboxId;

const PER_SANDBOX: usize = 50;
const SANDBOXES: usize = 2_000;

#[derive(Default)]
pub struct TraceStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_sandbox: HashMap<SandboxId, VecDeque<Trace>>,
    /// Sandboxes, least recently written first.
    order: VecDeque<SandboxId>,
}

impl TraceStore {
    pub fn insert(&self, sandbox: &SandboxId, trace: Trace) {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(position) = inner.order.iter().position(|s| s == sandbox) {
            inner.order.remove(position);
        }
        inner.order.push_back(sandbox.clone());
        while inner.order.len() > SANDBOXES {
            if let Some(evicted) = inner.order.pop_front() {
                inner.by_sandbox.remove(&evicted);
            }
        }
        let traces = inner.by_sandbox.entry(sandbox.clone()).or_default();
        traces.push_back(trace);
        if traces.len() > PER_SANDBOX {
            traces.pop_front();
        }
    }

    pub fn get(&self, sandbox: &SandboxId, id: &str) -> Option<Trace> {
        let inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.by_sandbox.get(sandbox)?.iter().find(|t| t.id == id).cloned()
    }

    /// Adds a step that happened after the response (an event delivered
    /// later); `start_us` becomes its time since the request began.
    /// A request still in flight gets the step straight away.
    pub fn append_step(&self, sandbox: &SandboxId, id: &str, step: super::Step) {
        let Some(mut step) = super::recorder::push_if_active(id, step) else { return };
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(trace) = inner.by_sandbox.get_mut(sandbox).and_then(|traces| traces.iter_mut().find(|t| t.id == id)) {
            step.start_us = trace.started.elapsed().as_micros() as u64;
            trace.steps.push(step);
        }
    }

    /// Forgets a sandbox's traces (its data was reset).
    pub fn clear(&self, sandbox: &SandboxId) {
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.by_sandbox.remove(sandbox);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(id: &str) -> Trace {
        Trace {
            id: id.into(),
            method: "GET".into(),
            path: "/".into(),
            status: 200,
            duration_us: 1,
            steps: vec![],
            started: std::time::Instant::now(),
        }
    }

    #[test]
    fn a_trace_is_visible_only_to_its_sandbox() {
        let store = TraceStore::default();
        let mine = SandboxId::parse("mine-1234").unwrap();
        let yours = SandboxId::parse("yours-1234").unwrap();
        store.insert(&mine, trace("t1"));
        assert!(store.get(&mine, "t1").is_some());
        assert!(store.get(&yours, "t1").is_none());
    }

    #[test]
    fn each_sandbox_keeps_only_its_latest_traces() {
        let store = TraceStore::default();
        let sandbox = SandboxId::parse("busy-1234").unwrap();
        for i in 0..=PER_SANDBOX {
            store.insert(&sandbox, trace(&format!("t{i}")));
        }
        assert!(store.get(&sandbox, "t0").is_none());
        assert!(store.get(&sandbox, &format!("t{PER_SANDBOX}")).is_some());
    }
}
