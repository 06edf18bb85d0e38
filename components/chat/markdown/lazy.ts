import { useEffect, useReducer } from "react";

/** A module fetched on first need and shared by every component after that; a failed load can be retried later. */
export type Lazy<T> = { current: T | null; load: () => Promise<T> };

export function createLazy<T>(load: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | null = null;
  const lazy: Lazy<T> = {
    current: null,
    load: () => {
      pending ??= load().then(
        (value) => (lazy.current = value),
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
  };
  return lazy;
}

/**
 * The lazy value once loaded, or null while it is not needed or still loading. A value that is already loaded
 * is there on the first render, so remounted components do not flash their fallback.
 */
export function useLazy<T>(lazy: Lazy<T> | null, isNeeded: boolean): T | null {
  // A counter, not the value: a loaded value may be a function, which a state setter would call as an updater.
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const value = lazy?.current ?? null;
  useEffect(() => {
    // Checks what this render saw, not lazy.current: the load may have finished since, and then one more render is due.
    if (!lazy || !isNeeded || value) return;
    let isLive = true;
    lazy.load().then(
      () => isLive && rerender(),
      // Without the chunk (offline, a deploy replaced it) the text stays readable, only undecorated.
      () => undefined,
    );
    return () => {
      isLive = false;
    };
  }, [lazy, isNeeded, value]);
  return isNeeded ? value : null;
}
