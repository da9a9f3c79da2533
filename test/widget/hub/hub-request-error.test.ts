import { expect } from '@open-wc/testing';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from '../../../src/widget/hub/hub-request-error.js';

describe('toHubRequestError', () => {
  it("reads the hub's code and message from a failed invocation", () => {
    const error = toHubRequestError(
      new Error(
        "An unexpected error occurred invoking 'sendMessage' on the server. [conversation_closed] It is resolved.",
      ),
      'sendMessage',
    );
    expect(error).to.be.instanceOf(HubRequestError);
    expect(error.code).to.equal('conversation_closed');
    expect(error.message).to.equal('It is resolved.');
    expect(error.method).to.equal('sendMessage');
  });

  it('calls a call that lost its connection "hub unreachable", not a hub failure', () => {
    for (const text of [
      'WebSocket closed with status code: 1006 (no reason given).',
      'Invocation canceled due to the underlying connection being closed.',
    ]) {
      const error = toHubRequestError(new Error(text));
      expect(error.code).to.equal(HUB_UNREACHABLE);
      expect(error.message).to.equal(text);
    }
  });
});
