import { actionFailure, type ActionFailure } from '../../../src/widget/desktop/action-failure.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';

/**
 * How an action the hub should refuse failed, read as components read it (see actionFailure): its `code`, the hub's
 * `detail` and the `description` shown to the agent. Fails the test when the action succeeded.
 *
 *   expect((await refusal(service.answerCall(id))).code).to.equal('illegal_call_transition');
 */
export async function refusal(action: Promise<unknown>): Promise<ActionFailure> {
  try {
    await action;
  } catch (error) {
    return actionFailure(error);
  }
  throw new Error('Expected the action to be refused, but it succeeded.');
}

/**
 * What an action rejects with when the hub refuses it with `code` ("[code] detail" on the wire), for fake actions
 * in component tests, which so never construct the transport's error classes themselves:
 *
 *   fakeActions({ acceptOffer: () => Promise.reject(hubRefusal('offer_gone', 'This offer has already ended.')) })
 */
export function hubRefusal(code: string, detail: string): Error {
  return new HubRequestError(code, detail);
}
