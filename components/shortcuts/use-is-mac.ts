"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

function isMacPlatform(): boolean {
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? "";
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** Apple keyboards use ⌘ where others use Ctrl. False on the server, so the server HTML says Ctrl. */
export function useIsMac(): boolean {
  return useSyncExternalStore(subscribe, isMacPlatform, () => false);
}
