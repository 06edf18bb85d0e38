import { randomBytes } from "node:crypto";
import postgres from "postgres";

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/**
 * Creates an empty database on the cluster behind clusterUrl (the one global setup started), so each test works on
 * a database of its own; drop() removes it.
 */
export async function createScratchDatabase(clusterUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = () => postgres(clusterUrl, { max: 1, onnotice: () => {} });
  const create = admin();
  try {
    await create`create database ${create(name)}`;
  } finally {
    await create.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = admin();
      try {
        await client`drop database if exists ${client(name)} with (force)`;
      } finally {
        await client.end();
      }
    },
  };
}
