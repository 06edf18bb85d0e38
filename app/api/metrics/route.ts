import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { hasBearerToken } from "@/lib/metrics/bearer-token";
import { getMetrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

// GET /api/metrics — this instance's metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN
export const GET = route(async (request) => {
  const { token } = getConfig().metrics;
  // Without a token the endpoint does not exist: no one can scrape, and no one can tell it is there.
  if (!token) throw new AppError("not_found", "Not found.");
  if (!hasBearerToken(request.headers.get("authorization"), token)) {
    throw new AppError("unauthorized", "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.", {
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
});
