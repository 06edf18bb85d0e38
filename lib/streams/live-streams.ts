import "server-only";
import { createResumableStreamContext, type Publisher, type ResumableStreamContext, type Subscriber } from "resumable-stream/generic";
import { withTimeout } from "@/lib/health/with-timeout";
import { log } from "@/lib/log";
import { getRedis } from "@/lib/redis/client";
import { publish, subscribe, unsubscribe } from "@/lib/redis/pubsub";

const KEY_PREFIX = "chatbot";
/**
 * How long a finished stream's marker stays (the library would keep it a day): long enough for a follower that
 * arrives as it ends to be told it is done, short enough that Redis does not fill up with one key per answer.
 */
const DONE_MARKER_TTL_SECONDS = 10 * 60;
/** A follower that has had no word from the stream's producer by then gets nothing (the library waits 1 s itself). */
const FOLLOW_TIMEOUT_MS = 3_000;

/**
 * An answer's event stream as it is written (lib/chat/sse-body.ts): it keeps what it has sent and hands each new
 * reader all of it, then the rest live. Written to its end whoever reads it.
 */
export type LiveSource = {
  attach(): ReadableStream<Uint8Array>;
  attachText(): ReadableStream<string>;
  whenEnded(callback: () => void): void;
};

/**
 * Answers as streams others can follow: a reload (from any instance, with Redis) gets everything written so far,
 * then the rest live. Within one instance a follower is one more reader of the answer's own event stream; between
 * instances it goes through resumable-stream over Redis pub/sub (the instance writing an answer serves its chunks).
 */
export interface LiveStreams {
  /**
   * Makes the answer's event stream followable under `streamId` and returns the bytes for the response that started
   * it. The source is written to its end whoever reads them (a browser that goes away does not stop it).
   */
  publish(streamId: string, source: LiveSource): Promise<ReadableStream<Uint8Array>>;
  /** Everything the stream has sent so far, then the rest as it comes; null when nothing is live under that id. */
  follow(streamId: string): Promise<ReadableStream<Uint8Array> | null>;
}

const encoded = (events: ReadableStream<string>) => events.pipeThrough(new TextEncoderStream());

/**
 * resumable-stream over the app's ioredis connections, made safe for a Redis that fails mid-stream: the library's
 * read loop awaits every publish, so a rejected one would stall the answer. Pub/sub is fire-and-forget anyway;
 * only the calls that start a stream or a follower may fail, so that the caller falls back.
 */
function redisPubSub(): { publisher: Publisher; subscriber: Subscriber } | null {
  const redis = getRedis();
  if (!redis) return null;
  const publisher: Publisher = {
    connect: async () => {},
    publish: (channel, message) => publish(channel, message).catch(() => 0),
    set: (key, value, options) => (options?.EX ? redis.set(key, value, "EX", options.EX) : redis.set(key, value)).catch(() => null),
    get: (key) => redis.get(key),
    incr: (key) => redis.incr(key),
  };
  const subscriber: Subscriber = { connect: async () => {}, subscribe, unsubscribe };
  return { publisher, subscriber };
}

/** The library marks a finished stream with "DONE" for a day; ours keep it for DONE_MARKER_TTL_SECONDS. */
function withShortDoneMarker(pubsub: { publisher: Publisher; subscriber: Subscriber }) {
  const { publisher } = pubsub;
  return {
    ...pubsub,
    publisher: {
      ...publisher,
      set: (key: string, value: string, options?: { EX?: number }) =>
        publisher.set(key, value, value === "DONE" ? { EX: DONE_MARKER_TTL_SECONDS } : options),
    },
  };
}

class ResumableLiveStreams implements LiveStreams {
  /** The answers being written on this instance and not shared through Redis, until they end. */
  private readonly local = new Map<string, LiveSource>();
  private shared: ResumableStreamContext | null | undefined;

  private sharedContext(): ResumableStreamContext | null {
    if (this.shared === undefined) {
      const pubsub = redisPubSub();
      // waitUntil null: the answer's own after() keeps a serverless function alive until it is saved and sent.
      this.shared = pubsub && createResumableStreamContext({ keyPrefix: KEY_PREFIX, waitUntil: null, ...withShortDoneMarker(pubsub) });
    }
    return this.shared;
  }

  async publish(streamId: string, source: LiveSource): Promise<ReadableStream<Uint8Array>> {
    const shared = this.sharedContext();
    if (shared && getRedis()?.status === "ready") {
      try {
        const stream = await shared.createNewResumableStream(streamId, () => source.attachText());
        if (stream) return encoded(stream);
      } catch (error) {
        // Redis went away between the check and the call: followed on this instance only, like without Redis.
        log.warn("streams: could not share the answer through Redis; only this instance can resume it", { streamId, err: error });
      }
    }
    this.local.set(streamId, source);
    source.whenEnded(() => {
      if (this.local.get(streamId) === source) this.local.delete(streamId);
    });
    return source.attach();
  }

  async follow(streamId: string): Promise<ReadableStream<Uint8Array> | null> {
    const here = this.local.get(streamId);
    if (here) return here.attach();
    const shared = this.sharedContext();
    if (!shared) return null;
    try {
      const events = await withTimeout(shared.resumeExistingStream(streamId), FOLLOW_TIMEOUT_MS);
      return events ? encoded(events) : null;
    } catch (error) {
      // Redis is away, or no instance answers for the stream (the one writing it died): nothing to follow.
      log.debug("streams: nothing to follow", { streamId, err: error });
      return null;
    }
  }
}

const globalForStreams = globalThis as unknown as { __chatbotLiveStreams?: LiveStreams };

/** The process-wide live streams: shared through Redis when REDIS_URL is set, within this instance either way. */
export function getLiveStreams(): LiveStreams {
  globalForStreams.__chatbotLiveStreams ??= new ResumableLiveStreams();
  return globalForStreams.__chatbotLiveStreams;
}
