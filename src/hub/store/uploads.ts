/**
 * What describes the files agents upload to attach to messages. Their contents are in the FileStore
 * (attachments/file-store.ts); only uploads made before that keep their bytes in the `content` column.
 */
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
  upload: {
    id: string;
    orgId: string;
    agentId: string;
    contentType: string;
    name: string;
    sizeBytes: number;
    now: Date;
  },
): Promise<UploadRow> {
  const { rows } = await db.query<UploadRow>(
    `INSERT INTO uploads (id, org_id, agent_id, content_type, name, size_bytes, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id, org_id, agent_id, content_type, name, size_bytes, created_at`,
    [upload.id, upload.orgId, upload.agentId, upload.contentType, upload.name, upload.sizeBytes, upload.now],
  );
  return rows[0];
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

/** How to serve an upload: its description, and its bytes when they predate the file store (else null). */
export async function findUploadToServe(
  db: Queryable,
  id: string,
): Promise<{ content_type: string; name: string; size_bytes: number; legacy_content: Buffer | null } | null> {
  const { rows } = await db.query<{
    content_type: string;
    name: string;
    size_bytes: number;
    content: Uint8Array | null;
  }>('SELECT content_type, name, size_bytes, content FROM uploads WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return null;
  return {
    content_type: row.content_type,
    name: row.name,
    size_bytes: row.size_bytes,
    legacy_content: row.content ? Buffer.from(row.content) : null,
  };
}
