import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Any method on an /api path no route serves — a JSON 404, not the HTML page (more specific routes win).
const notFound = route(async () => {
  throw new AppError("not_found", "There is no API at this path.");
});

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
