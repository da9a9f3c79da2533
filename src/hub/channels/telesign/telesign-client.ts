/** Sends SMS through TeleSign's REST API: `POST {base}/v1/messaging`, form-encoded, Basic auth customerId:apiKey. */
import { ErrorCodes } from '../../../protocol/errors.js';

export interface TeleSignAccount {
  customerId: string;
  apiKey: string;
  baseUrl: string;
  messageType: 'ARN' | 'MKT' | 'OTP';
  timeoutMs: number;
}

export interface SmsToSend {
  to: string;
  from: string;
  text: string;
  /** Our message id, echoed by TeleSign for reconciliation. */
  externalId: string;
  callbackUrl?: string;
}

export type SendOutcome =
  | { ok: true; providerMessageId: string }
  | { ok: false; errorCode: string; detail: string; retryable: boolean };

export async function sendTeleSignSms(account: TeleSignAccount, sms: SmsToSend): Promise<SendOutcome> {
  const form = new URLSearchParams({
    phone_number: sms.to,
    message: sms.text,
    message_type: account.messageType,
    sender_id: sms.from,
    external_id: sms.externalId,
  });
  if (sms.callbackUrl) form.set('callback_url', sms.callbackUrl);
  const url = new URL('v1/messaging', account.baseUrl.endsWith('/') ? account.baseUrl : account.baseUrl + '/');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${account.customerId}:${account.apiKey}`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: form,
      signal: AbortSignal.timeout(account.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${account.timeoutMs} ms` : (error as Error).message;
    return { ok: false, errorCode: ErrorCodes.providerUnreachable, detail: `TeleSign unreachable: ${reason}`, retryable: true };
  }
  let body: { reference_id?: string; status?: { code?: number; description?: string }; errors?: Array<{ code?: number; description?: string }> } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // a non-JSON answer is described by its HTTP status below
  }
  if (response.ok && body.reference_id) return { ok: true, providerMessageId: body.reference_id };
  const described = body.errors?.map((e) => `${e.code}: ${e.description}`).join('; ') || body.status?.description || response.statusText;
  return {
    ok: false,
    errorCode: ErrorCodes.providerError,
    detail: `TeleSign answered ${response.status}: ${described}`,
    retryable: response.status >= 500 || response.status === 429,
  };
}
