/**
 * A ResourceStore that reports its writes. Change events leave only once a write is
 * committed: inside `atomically` they wait for the whole unit to succeed and are dropped
 * when it is rolled back (R4 http.html#transaction: all or nothing, for observers too).
 */
import type { StoreChangeEvent } from '../events.js';
import type { ResourceStore } from './resource-store.js';

export type StoreChange = Omit<StoreChangeEvent, 'type'>;

export function observeStore(inner: ResourceStore, emit: (change: StoreChange) => void): ResourceStore {
  /** Changes of the unit in progress; undefined outside `atomically`. */
  let pending: StoreChange[] | undefined;
  const report = (change: StoreChange): void => {
    if (pending) pending.push(change);
    else emit(change);
  };
  return {
    ...inner,
    create(resource, options) {
      const stored = inner.create(resource, options);
      report({ action: 'create', resourceType: stored.resourceType, id: stored.id, versionId: stored.meta.versionId });
      return stored;
    },
    update(resource, options) {
      const result = inner.update(resource, options);
      const { resourceType, id, meta } = result.resource;
      report({ action: result.created ? 'create' : 'update', resourceType, id, versionId: meta.versionId });
      return result;
    },
    delete(type, id) {
      const deleted = inner.delete(type, id);
      if (deleted) report({ action: 'delete', resourceType: type, id, versionId: inner.history(type, id)[0]!.versionId });
      return deleted;
    },
    load(resources, options) {
      const list = [...resources];
      inner.load(list, options);
      for (const r of list) {
        const stored = r.id ? inner.peek(r.resourceType, r.id) : undefined;
        if (stored) report({ action: 'create', resourceType: stored.resourceType, id: stored.id, versionId: stored.meta.versionId });
      }
    },
    atomically(fn) {
      if (pending) return inner.atomically(fn);
      const unit: StoreChange[] = [];
      pending = unit;
      let result;
      try {
        result = inner.atomically(fn);
      } finally {
        pending = undefined;
      }
      for (const change of unit) emit(change);
      return result;
    },
  };
}
