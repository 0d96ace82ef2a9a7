//! What the site serves right now: the rendered guide and its search index,
//! built together and swapped together (in development, when content
//! changes), so a page and the search over it never disagree.

use std::sync::{Arc, RwLock};

use app::guide::Guide;

use crate::search::SearchIndex;

pub struct Published {
    pub guide: Arc<Guide>,
    pub search: SearchIndex,
}

impl Published {
    pub async fn new(guide: Guide) -> anyhow::Result<Self> {
        let search = SearchIndex::build(&guide).await?;
        Ok(Self { guide: Arc::new(guide), search })
    }
}

/// The current [`Published`], shared by every handler. Readers take an
/// `Arc` and keep it for their request; a reload replaces it whole. When a
/// reload fails, the last good content keeps serving and the problem is
/// kept for the page to show (development only).
#[derive(Clone)]
pub struct Live(Arc<RwLock<State>>);

struct State {
    published: Arc<Published>,
    problem: Option<Arc<str>>,
}

impl Live {
    pub fn new(published: Published) -> Self {
        Self(Arc::new(RwLock::new(State { published: Arc::new(published), problem: None })))
    }

    pub fn current(&self) -> Arc<Published> {
        self.read().published.clone()
    }

    /// Why the last reload failed, if it did.
    pub fn problem(&self) -> Option<Arc<str>> {
        self.read().problem.clone()
    }

    pub fn replace(&self, published: Published) {
        let mut state = self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *state = State { published: Arc::new(published), problem: None };
    }

    pub fn fail(&self, problem: String) {
        self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()).problem = Some(problem.into());
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
