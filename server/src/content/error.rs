//! Content errors: each names the file and line a maintainer must fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the content. `line` is 1-based; 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContentError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl ContentError {
    pub fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), line, message: message.into() }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Every problem found in one pass over the content. Displayed as a count,
/// then one `file:line: message` per line, unindented, so editors and
/// terminals can jump to each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} content error{}:", if n == 1 { "" } else { "s" })?;
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        Ok(())
    }
}
