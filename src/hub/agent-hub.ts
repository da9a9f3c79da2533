/**
 * The hub agents' widgets talk to: the methods of the contract in src/protocol/hub-contract.ts, each
 * validating its arguments, plus what happens when an agent connects and disconnects.
 */
import { z } from 'zod';
import { ErrorCodes } from '../protocol/errors.js';
import { HubMethods } from '../protocol/hub-contract.js';
import type { AgentPrincipal } from './auth/agent-token.js';
import type { Clock } from './clock.js';
import { agentGroup, supervisorGroup } from './conversations/agent-notifier.js';
import type { ConversationService } from './conversations/conversation-service.js';
import { DomainError } from './conversations/domain-error.js';
import type { Logger } from './logger.js';
import type { ConnectedAgents } from './routing/connected-agents.js';
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
  clock: Clock;
  connectedAgents: ConnectedAgents;
  /** Puts a connection in a SignalR group (the server is created after this hub, hence a function). */
  addToGroup: (connectionId: string, group: string) => void;
  log: Logger;
}

export function createAgentHub({ service, clock, connectedAgents, addToGroup, log }: AgentHubDeps): HubDefinition<AgentPrincipal> {
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
      [HubMethods.markRead]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.markRead);
        return run(() => service.markRead(ctx.connection.user, conversationId));
      },
      [HubMethods.closeConversation]: (ctx: Ctx, ...args: unknown[]) => {
        const [conversationId] = parseArgs(conversationIdArgs, args, HubMethods.closeConversation);
        return run(() => service.close(ctx.connection.user, conversationId));
      },
    },
    async onConnected(connection) {
      const agent = connection.user;
      addToGroup(connection.connectionId, agentGroup(agent.organisationId, agent.agentId));
      if (agent.roles.includes('supervisor')) addToGroup(connection.connectionId, supervisorGroup(agent.organisationId));
      connectedAgents.add(agent.organisationId, agent.agentId);
      log.info({ agentId: agent.agentId, org: agent.organisationId, transport: connection.transport }, 'agent connected');
      await service.routeWaiting(agent.organisationId);
    },
    onDisconnected(connection) {
      const agent = connection.user;
      connectedAgents.remove(agent.organisationId, agent.agentId);
      log.info({ agentId: agent.agentId, org: agent.organisationId }, 'agent disconnected');
    },
  };
}
