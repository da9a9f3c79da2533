/**
 * The hub agents' widgets talk to: the methods of the contract in src/protocol/hub-contract.ts, each
 * validating its arguments, plus what happens when an agent connects and disconnects.
 */
import { z } from 'zod';
import { ErrorCodes } from '../protocol/errors.js';
import { HubMethods } from '../protocol/hub-contract.js';
import type { AgentPrincipal } from './auth/agent-token.js';
import type { Clock } from './clock.js';
import { agentGroup, organisationGroup, supervisorGroup } from './conversations/agent-notifier.js';
import type { ConversationService } from './conversations/conversation-service.js';
import type { CallService } from './calls/call-service.js';
import type { OutboundService } from './outbound/outbound-service.js';
import { DTMF_DIGITS, MAX_CASE_DESCRIPTION_CHARACTERS, MAX_CASE_TITLE_CHARACTERS, MAX_WRAP_UP_NOTES_CHARACTERS } from '../protocol/calls.js';
import { DomainError } from './shared/domain-error.js';
import type { Logger } from './logger.js';
import type { AgentPresence } from './routing/agent-presence.js';
import type { ConversationRouter } from './routing/conversation-router.js';
import { CHOOSABLE_PRESENCES, MAX_TRANSFER_NOTE_CHARACTERS } from '../protocol/routing.js';
import { HubError, type HubDefinition, type HubMethodContext } from './signalr/index.js';

const id = z.string().min(1).max(100);
const getMessagesArgs = z.tuple([
  z.object({ conversationId: z.uuid(), afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(500) }),
]);
const sendMessageArgs = z.tuple([
  z.object({ conversationId: z.uuid(), clientMessageId: id, text: z.string(), attachmentIds: z.array(z.uuid()).max(20).optional() }),
]);
const sendTemplateArgs = z.tuple([
  z.object({
    conversationId: z.uuid(),
    clientMessageId: id,
    templateName: z.string().min(1).max(64),
    language: z.string().min(2).max(35),
    values: z.record(z.string().max(100), z.string().max(1600)),
  }),
]);
const conversationIdArgs = z.tuple([z.uuid()]);
const callIdArgs = z.tuple([z.uuid()]);
const muteCallArgs = z.tuple([z.object({ callId: z.uuid(), muted: z.boolean() })]);
const sendDtmfArgs = z.tuple([z.object({ callId: z.uuid(), digits: z.string().regex(DTMF_DIGITS, 'must be 1 to 32 of 0-9, *, #, A-D') })]);
const transferCallArgs = z.tuple([
  z
    .object({ callId: z.uuid(), queueId: z.string().min(1).max(63).optional(), agentId: id.optional() })
    .refine((r) => Boolean(r.queueId) !== Boolean(r.agentId), { message: 'give exactly one of queueId and agentId', path: ['queueId'] }),
]);
const completeWrapUpArgs = z.tuple([
  z.object({ callId: z.uuid(), notes: z.string().max(MAX_WRAP_UP_NOTES_CHARACTERS).default(''), disposition: z.string().min(1).max(64) }),
]);
const createCaseArgs = z.tuple([
  z.object({
    callId: z.uuid(),
    title: z.string().trim().min(1, 'must not be empty').max(MAX_CASE_TITLE_CHARACTERS),
    description: z.string().max(MAX_CASE_DESCRIPTION_CHARACTERS).optional(),
    contactName: z.string().trim().max(160).optional(),
  }),
]);
const startConversationArgs = z.tuple([
  z.object({
    clientMessageId: id,
    channel: z.enum(['sms', 'whatsapp']),
    channelAddress: z.string().min(1).max(100).optional(),
    customerAddress: z.string().min(1).max(40),
    templateName: z.string().min(1).max(64),
    language: z.string().min(2).max(35),
    values: z.record(z.string().max(100), z.string().max(1600)),
    customerName: z.string().max(200).optional(),
    customerLocale: z.string().max(35).optional(),
  }),
]);
const setPresenceArgs = z.tuple([z.enum(CHOOSABLE_PRESENCES)]);
const transferConversationArgs = z.tuple([
  z
    .object({ conversationId: z.uuid(), queueId: z.string().min(1).max(63).optional(), agentId: id.optional(), note: z.string().max(MAX_TRANSFER_NOTE_CHARACTERS).default('') })
    .refine((r) => Boolean(r.queueId) !== Boolean(r.agentId), { message: 'give exactly one of queueId and agentId', path: ['queueId'] }),
]);
const noArgs = z.tuple([]);

type Ctx = HubMethodContext<AgentPrincipal>;

/** Parses a method's arguments; a mismatch is the caller's error, named precisely. */
function parseArgs<T extends z.ZodType>(schema: T, args: unknown[], method: string): z.infer<T> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new HubError(ErrorCodes.invalidRequest, `${method}: ${issue.message}${where}`);
}

/** Runs a method, turning domain refusals into hub errors the widget can read. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new HubError(error.code, error.message);
    throw error;
  }
}

export interface AgentHubDeps {
  service: ConversationService;
  calls: CallService;
  outbound: OutboundService;
  clock: Clock;
  presence: AgentPresence;
  router: ConversationRouter;
  /** Puts a connection in a SignalR group (the server is created after this hub, hence a function). */
  addToGroup: (connectionId: string, group: string) => void;
  log: Logger;
}

export function createAgentHub({ service, calls, outbound, clock, presence, router, addToGroup, log }: AgentHubDeps): HubDefinition<AgentPrincipal> {
  /** The voice methods that take one call id. */
  const callAction = (method: string, act: (agent: AgentPrincipal, callId: string) => Promise<unknown>) => (ctx: Ctx, ...args: unknown[]) => {
    const [callId] = parseArgs(callIdArgs, args, method);
    return run(() => act(ctx.connection.user, callId));
  };
  return {
    methods: {
      [HubMethods.whoAmI]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.whoAmI);
        return ctx.connection.user;
      },
      [HubMethods.getServerTime]: (_ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getServerTime);
        return clock.now().toISOString();
      },
      [HubMethods.getConversations]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getConversations);
        return run(() => service.listFor(ctx.connection.user));
      },
      [HubMethods.getMessages]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(getMessagesArgs, args, HubMethods.getMessages);
        return run(() => service.messagesFor(ctx.connection.user, request.conversationId, request.afterSeq, request.limit));
      },
      [HubMethods.sendMessage]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(sendMessageArgs, args, HubMethods.sendMessage);
        return run(() => service.sendAgentMessage(ctx.connection.user, request));
      },
      [HubMethods.sendTemplate]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(sendTemplateArgs, args, HubMethods.sendTemplate);
        return run(() => service.sendTemplate(ctx.connection.user, request));
      },
      [HubMethods.getTemplates]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getTemplates);
        return service.templatesFor(ctx.connection.user);
      },
      [HubMethods.setTyping]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId, isTyping] = parseArgs(z.tuple([z.uuid(), z.boolean()]), args, HubMethods.setTyping);
        return run(() => service.setTyping(ctx.connection.user, conversationId, isTyping));
      },
      [HubMethods.markRead]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.markRead);
        return run(() => service.markRead(ctx.connection.user, conversationId));
      },
      [HubMethods.closeConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.closeConversation);
        return run(() => service.close(ctx.connection.user, conversationId));
      },
      // ---- routing ----
      [HubMethods.getRoutingState]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getRoutingState);
        return run(() => router.stateFor(ctx.connection.user));
      },
      [HubMethods.setPresence]: (ctx: Ctx, ...args: unknown[]) => {
        const [chosen] = parseArgs(setPresenceArgs, args, HubMethods.setPresence);
        return run(async () => {
          await router.setPresence(ctx.connection.user, chosen);
          return router.stateFor(ctx.connection.user);
        });
      },
      [HubMethods.acceptOffer]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.acceptOffer);
        return run(() => router.accept(ctx.connection.user, conversationId));
      },
      [HubMethods.declineOffer]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.declineOffer);
        return run(() => router.decline(ctx.connection.user, conversationId));
      },
      [HubMethods.parkConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.parkConversation);
        return run(() => service.park(ctx.connection.user, conversationId));
      },
      [HubMethods.resumeConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.resumeConversation);
        return run(() => service.resume(ctx.connection.user, conversationId));
      },
      [HubMethods.getConversationTransferTargets]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getConversationTransferTargets);
        return run(() => router.transferTargets(ctx.connection.user, null));
      },
      [HubMethods.transferConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(transferConversationArgs, args, HubMethods.transferConversation);
        return run(() => service.transfer(ctx.connection.user, request));
      },
      [HubMethods.getRoutingOverview]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getRoutingOverview);
        const agent = ctx.connection.user;
        if (!agent.roles.includes('supervisor')) throw new HubError(ErrorCodes.forbidden, 'Only supervisors see the routing overview.');
        return run(() => router.overview(agent.organisationId));
      },
      // ---- voice ----
      [HubMethods.getVoiceSettings]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getVoiceSettings);
        return calls.settingsFor(ctx.connection.user);
      },
      [HubMethods.getCalls]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getCalls);
        return run(() => calls.listFor(ctx.connection.user));
      },
      [HubMethods.getTransferTargets]: (ctx: Ctx, ...args: unknown[]) => {
        parseArgs(noArgs, args, HubMethods.getTransferTargets);
        return run(() => calls.transferTargets(ctx.connection.user));
      },
      [HubMethods.answerCall]: callAction(HubMethods.answerCall, (agent, callId) => calls.answer(agent, callId)),
      [HubMethods.declineCall]: callAction(HubMethods.declineCall, (agent, callId) => calls.decline(agent, callId)),
      [HubMethods.holdCall]: callAction(HubMethods.holdCall, (agent, callId) => calls.hold(agent, callId)),
      [HubMethods.resumeCall]: callAction(HubMethods.resumeCall, (agent, callId) => calls.resume(agent, callId)),
      [HubMethods.hangUpCall]: callAction(HubMethods.hangUpCall, (agent, callId) => calls.hangUp(agent, callId)),
      [HubMethods.lookupCustomer]: callAction(HubMethods.lookupCustomer, (agent, callId) => calls.lookupCustomer(agent, callId)),
      [HubMethods.muteCall]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(muteCallArgs, args, HubMethods.muteCall);
        return run(() => calls.mute(ctx.connection.user, request));
      },
      [HubMethods.sendDtmf]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(sendDtmfArgs, args, HubMethods.sendDtmf);
        return run(() => calls.sendDtmf(ctx.connection.user, request));
      },
      [HubMethods.transferCall]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(transferCallArgs, args, HubMethods.transferCall);
        return run(() => calls.transfer(ctx.connection.user, request));
      },
      [HubMethods.completeWrapUp]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(completeWrapUpArgs, args, HubMethods.completeWrapUp);
        return run(() => calls.completeWrapUp(ctx.connection.user, request));
      },
      [HubMethods.createCase]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(createCaseArgs, args, HubMethods.createCase);
        return run(() => calls.createCase(ctx.connection.user, request));
      },
      // ---- outbound ----
      [HubMethods.getOutboundActivities]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.getOutboundActivities);
        return run(() => outbound.activitiesFor(ctx.connection.user, conversationId));
      },
      [HubMethods.startConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [request] = parseArgs(startConversationArgs, args, HubMethods.startConversation);
        return run(() => service.startConversation(ctx.connection.user, request));
      },
    },
    async onConnected(connection) {
      const agent = connection.user;
      addToGroup(connection.connectionId, agentGroup(agent.organisationId, agent.agentId));
      addToGroup(connection.connectionId, organisationGroup(agent.organisationId));
      if (agent.roles.includes('supervisor')) addToGroup(connection.connectionId, supervisorGroup(agent.organisationId));
      await presence.connect(agent.organisationId, agent.agentId, agent.displayName);
      log.info({ agentId: agent.agentId, org: agent.organisationId, transport: connection.transport }, 'agent connected');
      await service.routeWaiting(agent.organisationId);
      await calls.agentConnected(agent.organisationId);
    },
    onDisconnected(connection) {
      const agent = connection.user;
      presence.disconnect(agent.organisationId, agent.agentId);
      log.info({ agentId: agent.agentId, org: agent.organisationId }, 'agent disconnected');
    },
  };
}
