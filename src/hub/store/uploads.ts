/** Files agents upload to attach to messages, kept in the store so every hub instance can serve them. */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.js';

export interface UploadRow {
  id: string;
  org_id: string;
  agent_id: string;
  content_type: string;
  name: string;
  size_bytes: number;
  created_at: Date;
}

export async function storeUpload(
  db: Queryable,
  upload: { orgId: string; agentId: string; contentType: string; name: string; content: Buffer; now: Date },
): Promise<UploadRow> {
  const { rows } = await db.query<UploadRow>(
    `INSERT INTO uploads (id, org_id, agent_id, content_type, name, size_bytes, content, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, org_id, agent_id, content_type, name, size_bytes, created_at`,
    [randomUUID(), upload.orgId, upload.agentId, upload.contentType, upload.name, upload.content.length, upload.content, upload.now],
  );
  return rows[0]!;
}

/** Upload descriptions of one organisation, in the order asked; ids of other organisations are simply absent. */
export async function findUploads(db: Queryable, orgId: string, ids: string[]): Promise<UploadRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<UploadRow>(
    `SELECT id, org_id, agent_id, content_type, name, size_bytes, created_at FROM uploads WHERE org_id = $1 AND id = ANY($2::uuid[])`,
    [orgId, ids],
  );
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is UploadRow => r !== undefined);
}

export async function readUploadContent(db: Queryable, id: string): Promise<{ content: Buffer; content_type: string; name: string } | null> {
  const { rows } = await db.query<{ content: Uint8Array; content_type: string; name: string }>(
    'SELECT content, content_type, name FROM uploads WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row ? { content: Buffer.from(row.content), content_type: row.content_type, name: row.name } : null;
}
