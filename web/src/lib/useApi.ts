/**
 * GET with a small shared cache: tabs and pages that need the same plan,
 * departments or tags share one request. After a change, `invalidate(prefix)`
 * drops every cached GET under that prefix and the mounted hooks refetch.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, request } from './api';

type Entry = { data?: unknown; promise?: Promise<unknown> };

const cache = new Map<string, Entry>();
const listeners = new Set<() => void>();
let generation = 0;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
function getGeneration(): number {
  return generation;
}

/** Forget cached GETs whose path starts with one of the prefixes; mounted hooks refetch. */
export function invalidate(...prefixes: string[]): void {
  for (const key of [...cache.keys()]) {
    if (prefixes.some((p) => key === p || key.startsWith(p.endsWith('/') ? p : `${p}/`) || key.startsWith(`${p}?`))) {
      cache.delete(key);
    }
  }
  generation++;
  for (const l of listeners) l();
}

/** Forget every cached GET (after signing in or out: what one may see depends on who one is). */
export function clearCache(): void {
  cache.clear();
  generation++;
  for (const l of listeners) l();
}

/** Put a freshly received value into the cache (e.g. the PATCH response). */
export function prime(path: string, data: unknown): void {
  cache.set(path, { data });
}

function load<T>(path: string): Promise<T> {
  const hit = cache.get(path);
  if (hit?.data !== undefined) return Promise.resolve(hit.data as T);
  if (hit?.promise) return hit.promise as Promise<T>;
  const promise = request<T>('GET', path).then(
    (data) => {
      if (cache.get(path)?.promise === promise) cache.set(path, { data });
      return data;
    },
    (err: unknown) => {
      if (cache.get(path)?.promise === promise) cache.delete(path);
      throw err;
    },
  );
  cache.set(path, { promise });
  return promise;
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** a request for the current path is in flight */
  loading: boolean;
  /** data belongs to an earlier path (only with keepPrevious) */
  stale: boolean;
  reload: () => void;
}

interface Internal<T> {
  path: string | null;
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

export function useApi<T>(path: string | null, options: { keepPrevious?: boolean } = {}): ApiState<T> {
  const gen = useSyncExternalStore(subscribe, getGeneration, getGeneration);
  const [state, setState] = useState<Internal<T>>(() => {
    const hit = path ? cache.get(path) : undefined;
    return { path, data: hit?.data as T | undefined, error: undefined, loading: !!path && hit?.data === undefined };
  });

  useEffect(() => {
    if (!path) {
      setState({ path, data: undefined, error: undefined, loading: false });
      return;
    }
    let alive = true;
    const hit = cache.get(path);
    if (hit?.data !== undefined) {
      setState({ path, data: hit.data as T, error: undefined, loading: false });
      return;
    }
    setState((s) => ({ path, data: s.data, error: undefined, loading: true }));
    load<T>(path).then(
      (data) => {
        if (alive) setState({ path, data, error: undefined, loading: false });
      },
      (err: unknown) => {
        if (!alive) return;
        const error = err instanceof ApiError ? err : new ApiError(0, null, String(err));
        setState((s) => ({ path, data: s.path === path ? s.data : undefined, error, loading: false }));
      },
    );
    return () => {
      alive = false;
    };
  }, [path, gen]);

  const reload = useCallback(() => {
    if (path) invalidate(path);
  }, [path]);

  const samePath = state.path === path;
  const show = samePath || options.keepPrevious;
  return {
    data: show ? state.data : undefined,
    error: samePath ? state.error : undefined,
    loading: !samePath ? !!path : state.loading,
    stale: !samePath || (state.loading && state.data !== undefined),
    reload,
  };
}
