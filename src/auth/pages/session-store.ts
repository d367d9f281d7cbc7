/**
 * The browser-session store of the pages: in memory like express-session's MemoryStore, but
 * with sessions that expire on the sandbox clock when their cookie does, and at most
 * `capacity` of them (the least recently used dropped first), since any request for a page
 * can create one.
 * Sessions are kept serialized, so a stored one never changes behind the store's back.
 */
import session from 'express-session';
import type { Clock } from '../../clock.js';
import { TtlMap } from '../ttl-map.js';

/** How long a session lives when its cookie names no expiry. */
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;

export class CappedSessionStore extends session.Store {
  private readonly sessions: TtlMap<string>;

  constructor(
    private readonly clock: Clock,
    capacity: number,
  ) {
    super();
    this.sessions = new TtlMap(clock, capacity);
  }

  /** The cookie's lifetime from now, on the sandbox clock (the cookie's own date is wall-clock time). */
  private expiry(data: session.SessionData): number {
    const lifetime = data.cookie?.originalMaxAge;
    return this.clock.now() + (typeof lifetime === 'number' && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_MS);
  }

  /** Stores as the newest entry, so the capacity drops the least recently used session. */
  private put(sid: string, serialized: string, data: session.SessionData): void {
    this.sessions.delete(sid);
    this.sessions.set(sid, serialized, this.expiry(data));
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const stored = this.sessions.get(sid);
    callback(null, stored === undefined ? null : (JSON.parse(stored) as session.SessionData));
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.put(sid, JSON.stringify(data), data);
    callback?.();
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const stored = this.sessions.get(sid);
    if (stored !== undefined) this.put(sid, stored, data);
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sessions.delete(sid);
    callback?.();
  }

  override clear(callback?: (err?: unknown) => void): void {
    this.sessions.clear();
    callback?.();
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    callback(null, this.sessions.size);
  }
}
