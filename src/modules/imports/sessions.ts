/**
 * Uploads waiting for their dry run and commit are kept in this process's memory,
 * parsed (cell texts, not the file), for an hour after their last use. Decision:
 * memory rather than a temp file — the parsed grid is what every step needs, an
 * import is one user's few minutes of work, and nothing of the file is left on disk;
 * the price is that an upload is lost when the server restarts (the user uploads
 * again; nothing was written) and that a second app process does not see it
 * (gyokaku runs as one process). A cap on the total number of cells drops the
 * least recently used uploads first.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedUpload } from './domain/grid.js';

export interface UploadSession {
  id: string;
  municipalityId: string;
  planId: string;
  /** actor id */
  createdBy: string;
  upload: ParsedUpload;
  cells: number;
  createdAt: Date;
  expiresAt: Date;
}

export interface UploadStoreOptions {
  ttlMs?: number;
  maxCells?: number;
  now?: () => number;
}

export class UploadSessionStore {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly ttlMs: number;
  private readonly maxCells: number;
  private readonly now: () => number;

  constructor(opts: UploadStoreOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 60 * 60 * 1000;
    this.maxCells = opts.maxCells ?? 5_000_000;
    this.now = opts.now ?? Date.now;
  }

  create(input: { municipalityId: string; planId: string; createdBy: string; upload: ParsedUpload }): UploadSession {
    this.sweep();
    const cells = input.upload.sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);
    const now = this.now();
    const session: UploadSession = { id: randomUUID(), ...input, cells, createdAt: new Date(now), expiresAt: new Date(now + this.ttlMs) };
    this.sessions.set(session.id, session);
    let total = [...this.sessions.values()].reduce((n, s) => n + s.cells, 0);
    // least recently used first (a Map keeps insertion order; get() re-inserts)
    for (const s of this.sessions.values()) {
      if (total <= this.maxCells || s.id === session.id) break;
      this.sessions.delete(s.id);
      total -= s.cells;
    }
    return session;
  }

  /** The session if it exists, belongs to the municipality and has not expired; its expiry moves on. */
  get(id: string, municipalityId: string): UploadSession | null {
    const s = this.sessions.get(id);
    if (!s || s.municipalityId !== municipalityId) return null;
    if (s.expiresAt.getTime() <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    s.expiresAt = new Date(this.now() + this.ttlMs);
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  delete(id: string, municipalityId: string): boolean {
    const s = this.sessions.get(id);
    if (!s || s.municipalityId !== municipalityId) return false;
    return this.sessions.delete(id);
  }

  sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt.getTime() <= now) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** The process's uploads. */
export const uploadSessions = new UploadSessionStore();
setInterval(() => uploadSessions.sweep(), 5 * 60 * 1000).unref();
