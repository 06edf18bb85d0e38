import "server-only";
import type * as BlobClient from "@vercel/blob";
import { assertStorageKey, type FileStorage } from "./file-storage";

// @vercel/blob (with its HTTP and retry stack, ~0.6 MB of server code) loads on the first file a user stores or
// opens, not at start with every route that might touch storage: most servers never configure Blob at all.
let blobClient: Promise<typeof BlobClient> | undefined;
const loadBlobClient = () => (blobClient ??= import("@vercel/blob"));

/**
 * Vercel Blob, in a private store: every read goes through the app's own access check (GET /api/files/<id>) with
 * the read-write token, so a blob URL alone never opens a user's file.
 */
export function createBlobStorage(token: string): FileStorage {
  return {
    kind: "blob",
    async put(key, bytes, contentType) {
      assertStorageKey(key);
      const { put } = await loadBlobClient();
      await put(key, Buffer.from(bytes), { access: "private", token, contentType, addRandomSuffix: false, allowOverwrite: true });
    },
    async read(key) {
      assertStorageKey(key);
      const { get } = await loadBlobClient();
      const result = await get(key, { access: "private", token });
      if (!result || result.statusCode !== 200) return null;
      return new Uint8Array(await new Response(result.stream).arrayBuffer());
    },
    async remove(keys) {
      keys.forEach(assertStorageKey);
      if (keys.length === 0) return;
      const { del } = await loadBlobClient();
      await del([...keys], { token });
    },
  };
}
