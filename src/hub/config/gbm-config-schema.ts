/**
 * Google's Business Messages account: partner id, the webhook client token, and the service account that sends
 * (its credentials JSON as a file path, or inline). Base URLs are configurable for stand-ins.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const serviceAccountSchema = z.object({
  client_email: z.string().min(3),
  private_key: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  token_uri: z.url().default('https://oauth2.googleapis.com/token'),
  private_key_id: z.string().optional(),
});

export const gbmConfigSchema = z
  .object({
    partnerId: z.string().min(1),
    /** The client token Google signs webhooks with (X-Goog-Signature) and sends in its verification request. */
    clientToken: z.string().min(8),
    /** Path of the service account's credentials JSON (GBM_CREDENTIALS_FILE); or `credentials` inline. */
    credentialsFile: z.string().min(1).optional(),
    credentials: serviceAccountSchema.optional(),
    baseUrl: z.url().default('https://businessmessages.googleapis.com'),
    timeoutMs: z.number().int().positive().default(10_000),
  })
  .transform((gbm, ctx) => {
    if (gbm.credentials) return { ...gbm, credentials: gbm.credentials };
    if (!gbm.credentialsFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentialsFile'],
        message: 'a service account credentials file (or inline credentials) is required',
      });
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(gbm.credentialsFile, 'utf8'));
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentialsFile'],
        message: `cannot be read: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
    const credentials = serviceAccountSchema.safeParse(json);
    if (!credentials.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['credentialsFile'],
        message: `is not a service account key: ${credentials.error.issues[0].path.join('.')} ${credentials.error.issues[0].message}`,
      });
      return z.NEVER;
    }
    return { ...gbm, credentials: credentials.data };
  });
