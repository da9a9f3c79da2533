import type { HubMethodArgs, HubMethodResult } from '../../protocol/hub-contract.js';
import type {
  Attachment,
  SendMessageRequest,
  SendTemplateRequest,
  UploadedAttachment,
} from '../../protocol/payloads.js';
import { fillTemplate } from '../../protocol/templates.js';
import { uploadAttachment } from '../hub/attachment-upload.js';
import { HUB_UNREACHABLE, HubRequestError } from '../hub/hub-request-error.js';
import type { Outbox } from '../outbox/outbox.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { CallTracker } from './call-tracker.js';
import type { ConversationTracker } from './conversation-tracker.js';
import type { CurrentHub } from './current-hub.js';
import {
  CALL_ACTIONS,
  CONVERSATION_ACTIONS,
  LOOKUP_ACTIONS,
  OFFER_ACTIONS,
  ROUTING_ACTIONS,
  type DesktopActions,
  type HubBackedActionName,
  type HubBackedActions,
} from './desktop-actions.js';
import type { DesktopData } from './desktop-data.js';
import type { ReadMarker } from './read-marker.js';
import type { RoutingTracker } from './routing-tracker.js';
import type { SyncEngine } from './sync-engine.js';

export interface ActionParts {
  hub: CurrentHub;
  data: DesktopData;
  outbox: Outbox;
  conversations: ConversationTracker;
  calls: CallTracker;
  routing: RoutingTracker;
  reads: ReadMarker;
  sync: SyncEngine;
  /** Where files go and the token to send them with (null while not connected). */
  uploadTarget(): { hubUrl: string; token: () => Promise<string> } | null;
  /** Files this desktop uploaded, by id: an outbox entry shows the ones it carries. */
  uploads: Map<string, UploadedAttachment>;
}

/**
 * The agent's actions, carried out: the plain hub calls made from the contract's method lists (desktop-actions.ts),
 * each answer put where it belongs, and the actions that do more (the outbox, uploads, opening a conversation).
 */
export function createDesktopActions(parts: ActionParts): DesktopActions {
  const { hub, data, outbox, conversations, calls, routing, reads, sync, uploads } = parts;
  let lastQueuedAt = 0;

  /** Stores the message in the outbox (so it survives a reload), shows it as pending, and sends it when it can. */
  async function queue(
    request: SendMessageRequest | SendTemplateRequest,
    text: string,
    attachments: Attachment[],
  ): Promise<OutboxEntry> {
    // Strictly increasing, so two messages of one millisecond keep their order.
    const at = (lastQueuedAt = Math.max(Date.now(), lastQueuedAt + 1));
    const { clientMessageId, conversationId } = request;
    const entry: OutboxEntry = {
      clientMessageId,
      conversationId,
      createdAt: new Date(at).toISOString(),
      request,
      text,
      attachments,
    };
    await data.opened();
    await outbox.add(entry);
    return entry;
  }

  return {
    ...hubBacked(hub, CALL_ACTIONS, (call) => calls.keep(call)),
    ...hubBacked(hub, CONVERSATION_ACTIONS, (conversation) => conversations.updated(conversation)),
    ...hubBacked(hub, OFFER_ACTIONS, (accepted, [conversationId]) => {
      if (accepted) conversations.updated(accepted);
      routing.offerEnded(conversationId); // (an offer that had ended also leaves with `offerWithdrawn`)
    }),
    ...hubBacked(hub, ROUTING_ACTIONS, (state) => routing.set(state)),
    ...hubBacked(hub, LOOKUP_ACTIONS, () => {}),

    selectConversation(conversationId) {
      data.store.selectConversation(conversationId);
      if (conversationId === null) return;
      void sync.loadHistory(conversationId);
      if ((data.store.getState().conversations.get(conversationId)?.unreadCount ?? 0) > 0)
        void reads.markRead(conversationId);
    },

    sendMessage(request) {
      const attachments = (request.attachmentIds ?? [])
        .map((id) => uploads.get(id))
        .filter((a): a is UploadedAttachment => !!a);
      return queue(request, request.text, attachments);
    },

    sendTemplate(request) {
      const template = data.store.getState().templates.find((t) => t.name === request.templateName);
      const localization = template?.localizations.find((l) => l.language === request.language);
      return queue(request, localization ? fillTemplate(localization.text, request.values).text : '', []);
    },

    retryMessage: (clientMessageId) => outbox.retry(clientMessageId),
    discardMessage: (clientMessageId) => outbox.remove(clientMessageId),

    async startConversation(request) {
      const result = await hub.require().invoke('startConversation', request);
      data.keepConversations([result.conversation]);
      data.keepMessages([result.message]);
      return result;
    },

    async uploadAttachment(file) {
      const target = parts.uploadTarget();
      if (!target) throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.');
      let token: string;
      try {
        token = await target.token();
      } catch (error) {
        throw new HubRequestError(HUB_UNREACHABLE, error instanceof Error ? error.message : String(error));
      }
      const uploaded = await uploadAttachment(file, { hubUrl: target.hubUrl, token });
      uploads.set(uploaded.id, uploaded);
      return uploaded;
    },

    markRead: (conversationId) => reads.markRead(conversationId),

    setTyping(conversationId, isTyping) {
      if (hub.connected)
        void hub
          .require()
          .invoke('setTyping', conversationId, isTyping)
          .catch(() => {});
    },

    dismissError: (errorId) => data.store.dismissError(errorId),
  };
}

/**
 * One action per hub method named in `methods`, each invoking it with the action's arguments and handing the answer
 * (and the arguments) to `answered` before resolving with it.
 */
function hubBacked<M extends HubBackedActionName>(
  hub: CurrentHub,
  methods: readonly M[],
  answered: (result: HubMethodResult<M>, args: HubMethodArgs<M>) => void,
): HubBackedActions<M> {
  const actions: Partial<Record<M, (...args: HubMethodArgs<M>) => Promise<HubMethodResult<M>>>> = {};
  for (const method of methods) {
    actions[method] = async (...args) => {
      const result = await hub.require().invoke(method, ...args);
      answered(result, args);
      return result;
    };
  }
  return actions as HubBackedActions<M>;
}
