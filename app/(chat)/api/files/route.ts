import { requireSessionUser } from "@/lib/auth/session";
import { getStore } from "@/lib/db";
import { formatBytes } from "@/lib/documents/kinds";
import { AppError, isAppError } from "@/lib/errors";
import { readLimitedBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { enforceRateLimit } from "@/lib/limits";
import { toFileJson } from "@/lib/storage/file-json";
import { getUploadLimits } from "@/lib/documents/limits";
import { maxUploadRequestBytes, requireFileStorage, saveUpload } from "@/lib/storage/uploads";

export const dynamic = "force-dynamic";

const HOUR_MS = 60 * 60 * 1000;
const UPLOADS_PER_HOUR = 100;

// POST /api/files — upload an image or a document (multipart form-data, field "file") to attach to a message
export const POST = route(async (request) => {
  const user = await requireSessionUser();
  requireFileStorage();
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "Send the file as multipart/form-data in a field named file.");
  }
  await enforceRateLimit({
    key: `uploads:${user.id}`,
    limit: UPLOADS_PER_HOUR,
    windowMs: HOUR_MS,
    message: `You have uploaded ${UPLOADS_PER_HOUR} files in the last hour. Wait a while and try again.`,
  });
  const limits = getUploadLimits();
  // Read with a limit first: formData() alone would buffer whatever the client sends.
  const body = await readLimitedBody(request, maxUploadRequestBytes(limits)).catch((error: unknown) => {
    if (isAppError(error) && error.code === "payload_too_large") {
      throw new AppError("payload_too_large", `file: files may be at most ${formatBytes(limits.maxFileBytes)}.`);
    }
    throw error;
  });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("bad_request", "The upload is not valid multipart/form-data.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("bad_request", "file: send the file in a form field named file.");
  const saved = await saveUpload(await getStore(), { userId: user.id, file, limits });
  return Response.json({ file: toFileJson(saved) }, { status: 201 });
});
