import { ErrorCodes } from '../../protocol/errors.js';
import type { HttpErrorBody, UploadedAttachment } from '../../protocol/payloads.js';
import { HUB_UNREACHABLE, HubRequestError } from './hub-request-error.js';

/** Path of the hub's upload endpoint (`POST {hubUrl}/api/attachments?name=…`). */
export const ATTACHMENTS_PATH = '/api/attachments';

export interface UploadOptions {
  hubUrl: string;
  token: string;
  signal?: AbortSignal;
}

/**
 * Uploads one file the agent attached: its bytes as the body with its own Content-Type, the agent's token as a
 * bearer token. Resolves with the hub's UploadedAttachment (its `id` goes into sendMessage's `attachmentIds`);
 * rejects with a HubRequestError carrying the hub's error code, or `hub_unreachable` when no answer came.
 */
export async function uploadAttachment(
  file: File,
  { hubUrl, token, signal }: UploadOptions,
): Promise<UploadedAttachment> {
  const url = `${hubUrl.replace(/\/+$/, '')}${ATTACHMENTS_PATH}?${new URLSearchParams({ name: file.name })}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream' },
      body: file,
      signal,
      credentials: 'omit',
    });
  } catch (error) {
    throw new HubRequestError(
      HUB_UNREACHABLE,
      error instanceof Error ? error.message : String(error),
      'uploadAttachment',
    );
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<HttpErrorBody>;
    const code =
      typeof problem.error === 'string'
        ? problem.error
        : response.status === 413
          ? ErrorCodes.attachmentTooLarge
          : ErrorCodes.internal;
    const message = typeof problem.message === 'string' ? problem.message : `HTTP ${response.status}`;
    throw new HubRequestError(code, message, 'uploadAttachment');
  }
  if (!body || typeof (body as UploadedAttachment).id !== 'string') {
    throw new HubRequestError(ErrorCodes.internal, 'The hub did not say which file it stored.', 'uploadAttachment');
  }
  return body as UploadedAttachment;
}
