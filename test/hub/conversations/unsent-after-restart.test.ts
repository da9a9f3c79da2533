// An agent message committed just before the hub stopped (never handed to TeleSign) is sent when it starts again.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { insertAgentMessage } from '../../../src/hub/store/messages.js';
import { startTestHub } from '../support/test-hub.js';
import { waitUntil } from '../support/wait.js';

describe('agent messages left unsent by a stop', () => {
  it('are sent, once, when the hub starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'unsent-'));
    const first = await startTestHub({ config: { dataDir } });
    const answer = await first.sms('15556660000', 'Hello?');
    const conversationId = String(answer.body.conversationId);
    // What sendMessage commits before it calls the provider, with the hub stopping right after.
    const { message } = await first.hub.db.transaction((tx) =>
      insertAgentMessage(tx, {
        orgId: 'contoso',
        conversationId,
        agentId: 'alice',
        clientMessageId: randomUUID(),
        text: 'Left behind',
        provider: 'telesign',
        now: new Date(),
      }),
    );
    await first.close();
    assert.equal(first.standIn.messagesTo('15556660000').length, 0);

    const second = await startTestHub({ config: { dataDir } });
    try {
      const received = await second.standIn.waitForMessage((m) => m.to === '15556660000');
      assert.equal(received.text, 'Left behind');
      assert.equal(received.externalId, message.id);
      const status = async () =>
        (await second.hub.db.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [message.id]))
          .rows[0].status;
      await waitUntil(async () => (await status()) === 'delivered', 'the delivery report');
      assert.equal(second.standIn.messagesTo('15556660000').length, 1);
    } finally {
      await second.close();
    }
  });
});
