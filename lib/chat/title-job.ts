import "server-only";
import type { ModelRegistry } from "@/lib/ai/registry";
import type { AnswerUsage } from "@/lib/ai/usage";
import type { Store } from "@/lib/db/store";
import { generateChatTitle } from "./generate-title";

/** How long a finished answer waits for its chat's title (its cost is saved with the answer) before giving up on it. */
const TITLE_GRACE_MS = 3_000;

export type TitleJob = {
  /** Starts the title (once: on the answer's first token, so a title never delays it). */
  start(): void;
  /** Waits for the title, cutting it off after a grace period; resolves to what it cost (null when nothing). */
  settle(): Promise<AnswerUsage | null>;
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
  let running: Promise<AnswerUsage | null> | null = null;
  return {
    start() {
      running ??= generateChatTitle({ ...input, abortSignal: controller.signal }).then((generated) => {
        if (generated.title) input.onTitle(generated.title);
        return generated.usage;
      });
    },
    async settle() {
      if (!running) return null;
      const timer = setTimeout(() => controller.abort(new Error("the title took too long")), TITLE_GRACE_MS);
      try {
        return await running;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
