//! Full-text search over the guide with SQLite FTS5, built from the
//! rendered pages at start-up.
//!
//! Each page is cut into sections at its h2/h3 headings, so a hit links to
//! the section's anchor. Two FTS5 tables hold the same rows: one with the
//! `unicode61` tokenizer and prefix indexes (whole words and word starts,
//! ranked by bm25 with titles and headings weighted above body text), one
//! with the `trigram` tokenizer (any part of a word: "xagon" finds
//! "hexagonal"), consulted when the first finds too little. A query is cut
//! into words and each word quoted before it reaches FTS5, so its syntax
//! (`"`, `*`, `(`, `NEAR`, `-`) is only ever text.

mod sections;

use std::str::FromStr;

use app::guide::Guide;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Row;

pub use sections::{sections_of, Section};

/// Where a snippet's matched words start and end (never in page text).
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

const MAX_WORDS: usize = 8;
const MAX_WORD_CHARS: usize = 64;

/// One section that matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    pub page: String,
    pub section: String,
    /// The page path and, below the page's top, the section's anchor.
    pub url: String,
    /// Text around the match; matched words between [`MARK_START`] and [`MARK_END`].
    pub snippet: String,
}

/// One FTS5 table and its statements (SQL text must be static for sqlx).
struct Table {
    create: &'static str,
    insert: &'static str,
    /// bm25 weights: title 10, heading 5, body 1.
    select: &'static str,
}

const WORDS: Table = Table {
    create: "CREATE VIRTUAL TABLE words USING fts5(title, heading, body, url UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    insert: "INSERT INTO words (title, heading, body, url) VALUES (?, ?, ?, ?)",
    select: "SELECT title, heading, url, snippet(words, -1, char(2), char(3), '…', 16) FROM words
             WHERE words MATCH ? ORDER BY bm25(words, 10.0, 5.0, 1.0) LIMIT ?",
};

const TRIGRAMS: Table = Table {
    create: "CREATE VIRTUAL TABLE trigrams USING fts5(title, heading, body, url UNINDEXED, tokenize = 'trigram')",
    insert: "INSERT INTO trigrams (title, heading, body, url) VALUES (?, ?, ?, ?)",
    select: "SELECT title, heading, url, snippet(trigrams, -1, char(2), char(3), '…', 16) FROM trigrams
             WHERE trigrams MATCH ? ORDER BY bm25(trigrams, 10.0, 5.0, 1.0) LIMIT ?",
};

const TABLES: [Table; 2] = [WORDS, TRIGRAMS];

/// The index: an in-memory SQLite database on one connection.
#[derive(Clone)]
pub struct SearchIndex {
    pool: SqlitePool,
}

impl SearchIndex {
    pub async fn build(guide: &Guide) -> Result<Self, sqlx::Error> {
        // One connection that lives as long as the pool: an in-memory
        // database exists per connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
            .await?;
        for table in TABLES {
            sqlx::query(table.create).execute(&pool).await?;
        }
        let mut tx = pool.begin().await?;
        for page in &guide.pages {
            for section in sections_of(page) {
                for table in TABLES {
                    sqlx::query(table.insert)
                        .bind(&page.title)
                        .bind(&section.heading)
                        .bind(&section.text)
                        .bind(&section.url)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        let bytes: i64 =
            sqlx::query_scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").fetch_one(&pool).await?;
        tracing::info!(index_bytes = bytes, "search index built");
        Ok(Self { pool })
    }

    /// The best sections for `query`, at most `limit`. A query with no
    /// words in it finds nothing; it is never an error.
    pub async fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, sqlx::Error> {
        let words = words_of(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let prefix_query = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
        let mut hits = self.run(&WORDS, &prefix_query, limit).await?;
        // Parts of words: trigrams need three characters.
        let long: Vec<&String> = words.iter().filter(|w| w.chars().count() >= 3).collect();
        if hits.len() < limit && long.len() == words.len() {
            let substring_query = long.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" ");
            for hit in self.run(&TRIGRAMS, &substring_query, limit).await? {
                if hits.len() < limit && !hits.iter().any(|h| h.url == hit.url) {
                    hits.push(hit);
                }
            }
        }
        Ok(hits)
    }

    async fn run(&self, table: &Table, fts_query: &str, limit: usize) -> Result<Vec<Hit>, sqlx::Error> {
        let rows = sqlx::query(table.select).bind(fts_query).bind(limit as i64).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|row| Hit { page: row.get(0), section: row.get(1), url: row.get(2), snippet: row.get(3) }).collect())
    }
}

/// The words of a query: runs of letters and digits, lower-cased. Nothing
/// else survives, so no FTS5 syntax can reach the database.
pub fn words_of(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect::<String>().to_lowercase())
        .take(MAX_WORDS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_letters_and_digits_reach_fts5() {
        assert_eq!(words_of(r#"ports "AND" (adapters)* NEAR -x"#), ["ports", "and", "adapters", "near", "x"]);
        assert!(words_of("\"*()-").is_empty());
        assert_eq!(words_of("Ünïcode"), ["ünïcode"]);
    }
}
