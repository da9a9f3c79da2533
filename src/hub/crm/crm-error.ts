/** Why a CRM request failed. The data dip turns every one of these into "unknown caller"; createCase into `crm_unavailable`. */
export type CrmFailure = 'timeout' | 'network' | 'auth' | 'http' | 'bad_response';

export class CrmError extends Error {
  constructor(
    readonly failure: CrmFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CrmError';
  }

  /** What fetch threw: a timeout (AbortSignal.timeout) or the network. */
  static fromFetch(error: unknown, what: string): CrmError {
    if (error instanceof CrmError) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return new CrmError('timeout', `${what}: the CRM did not answer in time`);
    const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
    return new CrmError('network', `${what}: cannot reach the CRM${cause ? ` (${cause})` : ''}`);
  }
}
