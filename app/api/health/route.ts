import { checkHealth } from "@/lib/health/check-health";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

async function report(): Promise<{ body: unknown; status: number }> {
  try {
    const health = await checkHealth();
    return { body: health, status: health.status === "unhealthy" ? 503 : 200 };
  } catch (error) {
    // A broken config or store boot is itself the answer a monitor needs: unhealthy, without details.
    log.error("health: check failed", { err: error });
    return { body: { status: "unhealthy", timestamp: new Date().toISOString() }, status: 503 };
  }
}

// GET /api/health — dependency status for uptime monitors: 200 healthy or degraded, 503 unhealthy
export async function GET() {
  const { body, status } = await report();
  return Response.json(body, { status, headers: NO_STORE });
}

// HEAD /api/health — the same status code without a body
export async function HEAD() {
  const { status } = await report();
  return new Response(null, { status, headers: NO_STORE });
}
