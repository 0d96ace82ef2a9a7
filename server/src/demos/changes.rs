//! Which sandboxes' demo data changed: a version per sandbox that every write
//! through the demo API moves on, so a page rendered from a sandbox's data can
//! tell whether it is still current (the site's page cache).
//!
//! Versions are striped: sandboxes share a fixed number of counters by hash,
//! so memory stays the same however many sandboxes there are. Two sandboxes
//! on one stripe only make each other's pages render again sooner; neither
//! ever sees a stale page.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::api::sandbox::SandboxId;

const STRIPES: usize = 4096;

/// The versions of every sandbox's demo data.
pub struct Changes {
    /// Moves when data changes for many sandboxes at once (idle expiry).
    epoch: AtomicU64,
    stripes: Box<[AtomicU64]>,
    hasher: std::collections::hash_map::RandomState,
}

/// What a sandbox's data looked like, as far as anyone can tell: equal
/// versions mean no write happened in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    epoch: u64,
    stripe: u64,
}

impl Default for Changes {
    fn default() -> Self {
        Self { epoch: AtomicU64::new(0), stripes: (0..STRIPES).map(|_| AtomicU64::new(0)).collect(), hasher: Default::default() }
    }
}

impl Changes {
    pub fn version(&self, sandbox: &SandboxId) -> Version {
        Version { epoch: self.epoch.load(Ordering::Acquire), stripe: self.stripe(sandbox).load(Ordering::Acquire) }
    }

    /// `sandbox`'s data changed (or may have).
    pub fn touch(&self, sandbox: &SandboxId) {
        self.stripe(sandbox).fetch_add(1, Ordering::AcqRel);
    }

    /// Every sandbox's data may have changed.
    pub fn touch_all(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }

    fn stripe(&self, sandbox: &SandboxId) -> &AtomicU64 {
        &self.stripes[(self.hasher.hash_one(sandbox) as usize) % STRIPES]
    }
}

/// Middleware at each demo's edge, inside sandbox resolution: a request that
/// may write moves its sandbox's version once it is done. Only *after* the
/// write: a page that read its data before then still carries the old
/// version, so it can never be kept as current.
pub async fn record(State(changes): State<Arc<Changes>>, request: Request<Body>, next: Next) -> Response {
    let writes = !request.method().is_safe();
    let sandbox = request.extensions().get::<SandboxId>().cloned();
    let response = next.run(request).await;
    if let (true, Some(sandbox)) = (writes, sandbox) {
        changes.touch(&sandbox);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touch_moves_only_its_own_sandboxes_version_and_touch_all_moves_every_one() {
        let changes = Changes::default();
        let (a, b) = (SandboxId::parse("sandbox-a").unwrap(), SandboxId::parse("sandbox-b").unwrap());
        let (before_a, before_b) = (changes.version(&a), changes.version(&b));
        changes.touch(&a);
        assert_ne!(changes.version(&a), before_a);
        // b shares a's stripe only by a 1-in-4096 chance of the hash.
        if !std::ptr::eq(changes.stripe(&a), changes.stripe(&b)) {
            assert_eq!(changes.version(&b), before_b);
        }
        let now_b = changes.version(&b);
        changes.touch_all();
        assert_ne!(changes.version(&b), now_b);
    }
}
