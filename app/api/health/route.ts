import { checkHealth } from "@/lib/health/check-health";
import { observe } from "@/lib/http/observe";
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

// Monitors poll this every few seconds: their requests are counted, and logged only at debug level.
const quietly = { accessLog: "debug" } as const;

// GET /api/health — dependency status for uptime monitors: 200 healthy or degraded, 503 unhealthy
export const GET = observe(getHealth, quietly);

async function getHealth(): Promise<Response> {
  const { body, status } = await report();
  return Response.json(body, { status, headers: NO_STORE });
}

// HEAD /api/health — the same status code without a body
export const HEAD = observe(headHealth, quietly);

async function headHealth(): Promise<Response> {
  const { status } = await report();
  return new Response(null, { status, headers: NO_STORE });
}
