import "server-only";
import { del, get, put } from "@vercel/blob";
import { assertStorageKey, type FileStorage } from "./file-storage";

/**
 * Vercel Blob, in a private store: every read goes through the app's own access check (GET /api/files/<id>) with
 * the read-write token, so a blob URL alone never opens a user's file.
 */
export function createBlobStorage(token: string): FileStorage {
  return {
    kind: "blob",
    async put(key, bytes, contentType) {
      assertStorageKey(key);
      await put(key, Buffer.from(bytes), { access: "private", token, contentType, addRandomSuffix: false, allowOverwrite: true });
    },
    async read(key) {
      assertStorageKey(key);
      const result = await get(key, { access: "private", token });
      if (!result || result.statusCode !== 200) return null;
      return new Uint8Array(await new Response(result.stream).arrayBuffer());
    },
    async remove(keys) {
      keys.forEach(assertStorageKey);
      if (keys.length > 0) await del([...keys], { token });
    },
  };
}
