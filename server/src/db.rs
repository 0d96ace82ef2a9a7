//! Opening a demo's SQLite database: one file per backend under `DATA_DIR`,
//! migrated at start, tuned for many readers and serialized writers.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// Opens (creating if missing) `<data_dir>/<name>.db` and runs `migrator`.
///
/// WAL lets readers work while one writer writes; `busy_timeout` makes a
/// second writer wait instead of failing; writes start with
/// `BEGIN IMMEDIATE` (see [`begin_write`]) so a transaction never has to
/// upgrade from reader to writer, the case where SQLite answers `SQLITE_BUSY`.
pub async fn open(data_dir: &Path, name: &str, migrator: &Migrator) -> anyhow::Result<SqlitePool> {
    let path = data_dir.join(format!("{name}.db"));
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("failed to open demo database {}", path.display()))?;
    migrator.run(&pool).await.with_context(|| format!("failed to migrate {}", path.display()))?;
    Ok(pool)
}

/// A write transaction that holds SQLite's write lock from its first statement.
pub async fn begin_write(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Whether `err` is SQLite refusing a duplicate in a UNIQUE column.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Notes, in the caller's transaction, that the sandbox was just used: idle
/// sandboxes expire (every demo database has a `sandboxes` table).
pub async fn touch_sandbox(conn: &mut SqliteConnection, sandbox: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sandboxes (id, last_seen) VALUES (?, unixepoch()) ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen",
    )
    .bind(sandbox)
    .execute(conn)
    .await?;
    Ok(())
}
