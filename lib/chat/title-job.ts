import "server-only";
import type { ModelRegistry } from "@/lib/ai/registry";
import type { AnswerUsage } from "@/lib/ai/usage";
import type { Store } from "@/lib/db/store";
import { log } from "@/lib/log";
import { generateChatTitle } from "./generate-title";

/** How long a finished answer waits for its title's model (its cost is saved with the answer) before giving up. */
const TITLE_GRACE_MS = 3_000;

export type TitleJob = {
  /** Starts the title (once: on the answer's first token, so a title never delays it). */
  start(): void;
  /**
   * What the title cost, once its model has answered (cut off after a grace period), or null when nothing was
   * counted. The title's own save may still be running: the answer's save goes beside it.
   */
  usage(): Promise<AnswerUsage | null>;
  /** Resolves once the title is saved and handed to `onTitle`, or given up (never rejects). */
  done(): Promise<void>;
};

/** A new chat's title, written beside its first answer; `onTitle` receives it once it is saved. */
export function createTitleJob(input: {
  registry: ModelRegistry;
  store: Store;
  chatId: string;
  userId: string;
  firstMessage: string;
  onTitle: (title: string) => void;
}): TitleJob {
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  let counted: (usage: AnswerUsage | null) => void = () => {};
  const usage = new Promise<AnswerUsage | null>((resolve) => {
    counted = resolve;
  });
  return {
    start() {
      running ??= generateChatTitle({ ...input, abortSignal: controller.signal, onCounted: counted })
        .then((generated) => {
          // A job that ended before counting (no model answered) settles its usage here; a second call is a no-op.
          counted(generated.usage);
          if (generated.title) input.onTitle(generated.title);
        })
        .catch((error: unknown) => {
          // Caught here, not in done(): a rejection nobody has awaited yet would end the process.
          counted(null);
          log.warn("chat: the title could not be sent; the provisional title stays in the browser", { chatId: input.chatId, err: error });
        });
    },
    async usage() {
      if (!running) return null;
      const timer = setTimeout(() => controller.abort(new Error("the title took too long")), TITLE_GRACE_MS);
      try {
        return await usage;
      } finally {
        clearTimeout(timer);
      }
    },
    async done() {
      await running;
    },
  };
}
