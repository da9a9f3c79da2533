/**
 * Who may read and who may work a conversation. Reading: the agent it is assigned to (a re-opened one too), the
 * agent it is offered to, any supervisor. Working (reply, resolve, park, transfer): the agent it is assigned to
 * while it is not waiting in a queue — a re-opened one waits there until it is accepted, even by its previous
 * agent — or any supervisor. Another organisation's conversation is reported exactly like a missing one.
 */
import { ErrorCodes } from '../../protocol/errors.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import { DomainError } from '../shared/domain-error.js';
import { findConversation } from '../store/conversations.js';
import type { Queryable } from '../store/database.js';
import type { ConversationRow } from '../store/rows.js';

export const isSupervisor = (agent: AgentPrincipal) => agent.roles.includes('supervisor');

/** The conversation, when this agent may read it (else `not_found` / `not_assigned`). */
export async function readableConversation(
  db: Queryable,
  agent: AgentPrincipal,
  conversationId: string,
): Promise<ConversationRow> {
  const row = await findConversation(db, agent.organisationId, conversationId);
  if (!row) throw new DomainError(ErrorCodes.notFound, `No conversation ${conversationId}.`);
  if (
    isSupervisor(agent) ||
    row.assigned_agent_id === agent.agentId ||
    (row.status === 'open' && row.offered_agent_id === agent.agentId)
  )
    return row;
  throw new DomainError(ErrorCodes.notAssigned, 'This conversation is assigned to another agent.');
}

/** The conversation, when this agent may work on it (else `not_found` / `not_assigned`, saying why). */
export async function workableConversation(
  db: Queryable,
  agent: AgentPrincipal,
  conversationId: string,
): Promise<ConversationRow> {
  const row = await readableConversation(db, agent, conversationId);
  if (isSupervisor(agent) || (row.assigned_agent_id === agent.agentId && row.status !== 'open')) return row;
  throw new DomainError(
    ErrorCodes.notAssigned,
    row.offered_agent_id === agent.agentId
      ? 'Accept the offer to work on this conversation.'
      : row.status === 'open'
        ? 'This conversation is waiting in a queue for an agent to accept it.'
        : 'This conversation is assigned to another agent.',
  );
}
