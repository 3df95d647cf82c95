import type { DatabaseSync } from 'node:sqlite';
import type { LeaderLease } from './leader-lease';
import { loadSqlite } from './sqlite-storage';

/**
 * The leader lease in the SQLite file: one row naming the holder and when its lease ends, taken or
 * extended in an IMMEDIATE transaction (one writer at a time across processes on the file). A second
 * process on the same file therefore serves chat as a standby and never runs a second monitor; it
 * takes over within one lease once the first one stops or dies. Times are this machine's wall clock,
 * shared by every process on the file.
 */
export class SqliteLeaderLease implements LeaderLease {
  private readonly db: DatabaseSync;

  constructor(filePath: string, readonly holderId: string, readonly durationMs: number, private readonly nowMs: () => number = Date.now) {
    const { DatabaseSync: Database } = loadSqlite();
    this.db = new Database(filePath);
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS leader_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL)');
  }

  async acquireOrRenew(): Promise<boolean> {
    const now = this.nowMs();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const row = this.db.prepare("SELECT holder, expires_at FROM leader_lease WHERE name = 'monitor'").get() as { holder: string; expires_at: number } | undefined;
      if (row && row.holder !== this.holderId && row.expires_at > now) {
        this.db.exec('COMMIT');
        return false;
      }
      this.db.prepare("INSERT INTO leader_lease (name, holder, expires_at) VALUES ('monitor', ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at")
        .run(this.holderId, now + this.durationMs);
      this.db.exec('COMMIT');
      return true;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async release(): Promise<void> {
    if (!this.db.isOpen) return;
    this.db.prepare("DELETE FROM leader_lease WHERE name = 'monitor' AND holder = ?").run(this.holderId);
  }

  async currentHolder(): Promise<string | undefined> {
    const row = this.db.prepare("SELECT holder, expires_at FROM leader_lease WHERE name = 'monitor'").get() as { holder: string; expires_at: number } | undefined;
    return row && row.expires_at > this.nowMs() ? row.holder : undefined;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
