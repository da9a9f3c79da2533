/**
 * The hub agents' desktops talk to: every method of the contract (src/protocol/hub-contract.ts) as the schema of
 * its arguments and what it does, plus what happens when an agent connects and disconnects.
 */
import { z } from 'zod';
import {
  DTMF_DIGITS,
  MAX_CASE_DESCRIPTION_CHARACTERS,
  MAX_CASE_TITLE_CHARACTERS,
  MAX_WRAP_UP_NOTES_CHARACTERS,
} from '../../protocol/calls.js';
import { ErrorCodes } from '../../protocol/errors.js';
import { CHOOSABLE_PRESENCES, MAX_TRANSFER_NOTE_CHARACTERS } from '../../protocol/routing.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import type { CallService } from '../calls/call-service.js';
import type { Clock } from '../clock.js';
import { isSupervisor } from '../conversations/conversation-access.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { Logger } from '../logger.js';
import type { AgentNotifications } from '../notifications/agent-notifications.js';
import type { OutboundService } from '../outbound/outbound-service.js';
import type { AgentPresence } from '../routing/agent-presence.js';
import type { ConversationRouter } from '../routing/conversation-router.js';
import { DomainError } from '../shared/domain-error.js';
import type { HubDefinition } from '../signalr/index.js';
import { defineHubMethods, method, toHubMethods } from './define-hub-methods.js';

export interface AgentHubDeps {
  service: ConversationService;
  router: ConversationRouter;
  calls: CallService;
  outbound: OutboundService;
  presence: AgentPresence;
  notifications: AgentNotifications;
  clock: Clock;
  log: Logger;
}

/** Numbers are bounded by their column's type (PostgreSQL integer), so a bigger one is invalid_request, not internal_error. */
const INT4_MAX = 2_147_483_647;
const id = z.string().min(1).max(100);
const queueId = z.string().min(1).max(63);
const templateName = z.string().min(1).max(64);
const language = z.string().min(2).max(35);
const templateValues = z.record(z.string().max(100), z.string().max(1600));
const none = z.tuple([]);
const oneConversation = z.tuple([z.uuid()]);
const oneCall = z.tuple([z.uuid()]);
/** Transfers name a queue or an agent, never both. */
const oneTarget = (r: { queueId?: string; agentId?: string }) => Boolean(r.queueId) !== Boolean(r.agentId);
const oneTargetError = { message: 'give exactly one of queueId and agentId', path: ['queueId'] };

export function createAgentHub({
  service,
  router,
  calls,
  outbound,
  presence,
  notifications,
  clock,
  log,
}: AgentHubDeps): HubDefinition<AgentPrincipal> {
  const methods = defineHubMethods({
    whoAmI: method(none, (agent) => agent),
    getServerTime: method(none, () => clock.now().toISOString()),
    getConversations: method(none, (agent) => service.listFor(agent)),
    getMessages: method(
      z.tuple([
        z.object({
          conversationId: z.uuid(),
          afterSeq: z.number().int().min(0).max(INT4_MAX).default(0),
          limit: z.number().int().min(1).max(500).default(500),
        }),
      ]),
      (agent, { conversationId, afterSeq, limit }) => service.messagesFor(agent, conversationId, afterSeq, limit),
    ),
    sendMessage: method(
      z.tuple([
        z.object({
          conversationId: z.uuid(),
          clientMessageId: id,
          text: z.string(),
          attachmentIds: z.array(z.uuid()).max(20).optional(),
        }),
      ]),
      (agent, request) => service.sendAgentMessage(agent, request),
    ),
    sendTemplate: method(
      z.tuple([
        z.object({ conversationId: z.uuid(), clientMessageId: id, templateName, language, values: templateValues }),
      ]),
      (agent, request) => service.sendTemplate(agent, request),
    ),
    getTemplates: method(none, (agent) => service.templatesFor(agent)),
    setTyping: method(z.tuple([z.uuid(), z.boolean()]), (agent, conversationId, isTyping) =>
      service.setTyping(agent, conversationId, isTyping),
    ),
    markRead: method(oneConversation, (agent, conversationId) => service.markRead(agent, conversationId)),
    closeConversation: method(oneConversation, (agent, conversationId) => router.resolve(agent, conversationId)),

    // ---- routing ----
    getRoutingState: method(none, (agent) => router.stateFor(agent)),
    setPresence: method(z.tuple([z.enum(CHOOSABLE_PRESENCES)]), async (agent, chosen) => {
      await router.setPresence(agent, chosen);
      return router.stateFor(agent);
    }),
    acceptOffer: method(oneConversation, (agent, conversationId) => router.accept(agent, conversationId)),
    declineOffer: method(oneConversation, (agent, conversationId) => router.decline(agent, conversationId)),
    parkConversation: method(oneConversation, (agent, conversationId) => router.park(agent, conversationId)),
    resumeConversation: method(oneConversation, (agent, conversationId) => router.resume(agent, conversationId)),
    getConversationTransferTargets: method(oneConversation, (agent, conversationId) =>
      router.transferTargets(agent, conversationId),
    ),
    transferConversation: method(
      z.tuple([
        z
          .object({
            conversationId: z.uuid(),
            queueId: queueId.optional(),
            agentId: id.optional(),
            note: z.string().max(MAX_TRANSFER_NOTE_CHARACTERS).default(''),
          })
          .refine(oneTarget, oneTargetError),
      ]),
      (agent, request) => router.transfer(agent, request),
    ),
    getRoutingOverview: method(none, (agent) => {
      if (!isSupervisor(agent))
        throw new DomainError(ErrorCodes.forbidden, 'Only supervisors see the routing overview.');
      return router.overview(agent.organisationId);
    }),

    // ---- voice ----
    getVoiceSettings: method(none, (agent) => calls.settingsFor(agent)),
    getCalls: method(none, (agent) => calls.listFor(agent)),
    getTransferTargets: method(none, (agent) => calls.transferTargets(agent)),
    answerCall: method(oneCall, (agent, callId) => calls.answer(agent, callId)),
    declineCall: method(oneCall, (agent, callId) => calls.decline(agent, callId)),
    holdCall: method(oneCall, (agent, callId) => calls.hold(agent, callId)),
    resumeCall: method(oneCall, (agent, callId) => calls.resume(agent, callId)),
    muteCall: method(z.tuple([z.object({ callId: z.uuid(), muted: z.boolean() })]), (agent, request) =>
      calls.mute(agent, request),
    ),
    sendDtmf: method(
      z.tuple([
        z.object({ callId: z.uuid(), digits: z.string().regex(DTMF_DIGITS, 'must be 1 to 32 of 0-9, *, #, A-D') }),
      ]),
      (agent, request) => calls.sendDtmf(agent, request),
    ),
    transferCall: method(
      z.tuple([
        z
          .object({ callId: z.uuid(), queueId: queueId.optional(), agentId: id.optional() })
          .refine(oneTarget, oneTargetError),
      ]),
      (agent, request) => calls.transfer(agent, request),
    ),
    hangUpCall: method(oneCall, (agent, callId) => calls.hangUp(agent, callId)),
    completeWrapUp: method(
      z.tuple([
        z.object({
          callId: z.uuid(),
          notes: z.string().max(MAX_WRAP_UP_NOTES_CHARACTERS).default(''),
          disposition: z.string().min(1).max(64),
        }),
      ]),
      (agent, request) => calls.completeWrapUp(agent, request),
    ),
    lookupCustomer: method(oneCall, (agent, callId) => calls.lookupCustomer(agent, callId)),
    createCase: method(
      z.tuple([
        z.object({
          callId: z.uuid(),
          title: z.string().trim().min(1, 'must not be empty').max(MAX_CASE_TITLE_CHARACTERS),
          description: z.string().max(MAX_CASE_DESCRIPTION_CHARACTERS).optional(),
          contactName: z.string().trim().max(160).optional(),
        }),
      ]),
      (agent, request) => calls.createCase(agent, request),
    ),

    // ---- outbound ----
    getOutboundActivities: method(oneConversation, (agent, conversationId) =>
      outbound.activitiesFor(agent, conversationId),
    ),
    startConversation: method(
      z.tuple([
        z.object({
          clientMessageId: id,
          channel: z.enum(['sms', 'whatsapp']),
          channelAddress: z.string().min(1).max(100).optional(),
          customerAddress: z.string().min(1).max(40),
          templateName,
          language,
          values: templateValues,
          customerName: z.string().max(200).optional(),
          customerLocale: z.string().max(35).optional(),
        }),
      ]),
      (agent, request) => service.startConversation(agent, request),
    ),
  });

  return {
    methods: toHubMethods(methods),
    async onConnected(connection) {
      const agent = connection.user;
      await notifications.join(connection.connectionId, agent);
      await presence.connect(agent.organisationId, agent.agentId, agent.displayName);
      log.info(
        { agentId: agent.agentId, org: agent.organisationId, transport: connection.transport },
        'agent connected',
      );
      await router.route(agent.organisationId);
      await calls.agentConnected(agent.organisationId);
    },
    onDisconnected(connection) {
      const agent = connection.user;
      presence.disconnect(agent.organisationId, agent.agentId);
      log.info({ agentId: agent.agentId, org: agent.organisationId }, 'agent disconnected');
    },
  };
}
