import type { Config } from "./load";

/**
 * Where the parsed config is kept for the whole process. The bundler gives the instrumentation, proxy.ts and each
 * route a module graph of its own, and globalThis is what they share: the boot parses the environment once (./index,
 * with zod and every area's schema), and a graph that only reads the result imports this file alone, so that it
 * does not evaluate the parser again. Type imports only: nothing here may pull zod in.
 */
const globalForConfig = globalThis as unknown as { __chatbotConfig?: Config };

/** The config already parsed in this process, or undefined when nothing has parsed it yet. */
export function parsedConfig(): Config | undefined {
  return globalForConfig.__chatbotConfig;
}

/** Keeps `config` as the process-wide one (./index's getConfig, after parsing) and returns it. */
export function keepParsedConfig(config: Config): Config {
  globalForConfig.__chatbotConfig = config;
  return config;
}
