/** Sends SMS through TeleSign's REST API: `POST {base}/v1/messaging`, form-encoded, Basic auth customerId:apiKey. */
import { ErrorCodes } from '../../../protocol/errors.js';
import { isRetryableStatus, postProviderForm, type SendOutcome } from '../provider-request.js';

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
  const answer = await postProviderForm<{
    reference_id: string;
    status: { code?: number; description?: string };
    errors: Array<{ code?: number; description?: string }>;
  }>('TeleSign', url, { user: account.customerId, password: account.apiKey }, form, account.timeoutMs);
  if (!answer.reached) return answer.outcome;
  const { response, body } = answer;
  if (response.ok && body.reference_id) return { ok: true, providerMessageId: body.reference_id };
  const described =
    body.errors?.map((e) => `${e.code}: ${e.description}`).join('; ') ||
    body.status?.description ||
    response.statusText;
  return {
    ok: false,
    errorCode: ErrorCodes.providerError,
    detail: `TeleSign answered ${response.status}: ${described}`,
    retryable: isRetryableStatus(response.status),
  };
}
