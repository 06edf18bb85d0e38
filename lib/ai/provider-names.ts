import type { ProviderKind } from "./catalog";

/**
 * The `provider` each SDK gives the models the adapters build (`<name>.<api>`), known before its package is loaded
 * (lazy-model.ts). The AI SDK reports it in telemetry and provider metadata; tests/integration/provider-clients.test.ts
 * checks these against the SDKs' own models, so an SDK upgrade that renames one fails there.
 */
export const SDK_PROVIDER_NAMES = {
  xai: "xai.responses",
  openai: "openai.responses",
  custom: "custom.chat",
} as const satisfies Record<Exclude<ProviderKind, "demo">, string>;
