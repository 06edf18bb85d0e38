/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (a proxy appends the address it
 * received the request from; Next.js fills the header with the socket address when no proxy set it). Without a
 * proxy a client can put any value there, which is why guest creation also has an instance-wide limit.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}
