/** A refusal the caller should see: an ErrorCode and a sentence. HTTP routes and hub methods both translate it. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = statusFor(code),
    /** The input field to blame, when one is (HTTP answers name it). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

function statusFor(code: string): number {
  switch (code) {
    case 'not_found':
    case 'unknown_number':
      return 404;
    case 'not_assigned':
    case 'forbidden':
      return 403;
    case 'conflict':
    case 'customer_opted_out':
    case 'conversation_closed':
    case 'illegal_call_transition':
    case 'call_not_connected':
    case 'agent_unavailable':
      return 409;
    case 'crm_unavailable':
      return 502;
    case 'rate_limited':
      return 429;
    default:
      return 400;
  }
}
