import type { LanguageModelV4 } from "@ai-sdk/provider";

export type LazyModelInput = {
  /** The built model's `provider` (the SDK's own name, e.g. `openai.responses`: provider-names.ts keeps them). */
  provider: string;
  modelId: string;
  /** Imports the provider's package and builds the model; called once, on the first use (again after a failure). */
  load: () => Promise<LanguageModelV4>;
};

/**
 * A language model that imports its provider's package on its first call, so that a server never evaluates the SDK
 * of a provider it does not use (each one tens of milliseconds of a start). Every call and `supportedUrls` wait for the
 * built model and then are exactly its own.
 */
export function lazyLanguageModel({ provider, modelId, load }: LazyModelInput): LanguageModelV4 {
  let built: Promise<LanguageModelV4> | undefined;
  const model = (): Promise<LanguageModelV4> =>
    (built ??= load().catch((error: unknown) => {
      built = undefined;
      throw error;
    }));
  return {
    specificationVersion: "v4",
    provider,
    modelId,
    // Read when a call is prepared (the failover model reads it as it is made). A package that failed to load fails
    // the call itself with its error; this must not reject unobserved beside it.
    get supportedUrls() {
      return model().then(
        (inner) => inner.supportedUrls,
        () => ({}),
      );
    },
    doGenerate: async (options) => (await model()).doGenerate(options),
    doStream: async (options) => (await model()).doStream(options),
  };
}
