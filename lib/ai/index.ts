import "server-only";
import { getConfig } from "@/lib/config";
import { createModelRegistry, type ModelRegistry } from "./registry";

const globalForRegistry = globalThis as unknown as { __chatbotModelRegistry?: ModelRegistry };

/** The process-wide model registry, built from config on first use. */
export function getModelRegistry(): ModelRegistry {
  globalForRegistry.__chatbotModelRegistry ??= createModelRegistry(getConfig());
  return globalForRegistry.__chatbotModelRegistry;
}
