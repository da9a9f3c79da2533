import { PRESENCE_LABELS } from '../../../protocol/routing.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';

/** Where the work goes: exactly one of a queue and an agent. */
export type TransferTo = { queueId: string } | { agentId: string };

/** One queue or agent the dialog lists. */
export interface TransferChoice {
  to: TransferTo;
  label: string;
  /** Listed, but it cannot take the work now. */
  disabled: boolean;
}

/** What `<ad-transfer-dialog>` transfers: its title, what it lists and what submitting does. */
export interface TransferSubject {
  /** The dialog's heading. */
  title: string;
  /** Whether the receiver gets a note from the agent. */
  withNote: boolean;
  /** The queues and agents to choose from. */
  choices(actions: DesktopActions): Promise<{ queues: TransferChoice[]; agents: TransferChoice[] }>;
  /** Hands the work over (rejects with the hub's refusal). */
  transfer(actions: DesktopActions, to: TransferTo, note: string): Promise<unknown>;
}

const queueChoice = (queue: { id: string; name: string }): TransferChoice => ({
  to: { queueId: queue.id },
  label: queue.name,
  disabled: false,
});

/** A conversation, with a note: agents are listed with their presence, those who cannot take it disabled. */
export function conversationTransfer(conversationId: string): TransferSubject {
  return {
    title: 'Transfer the conversation',
    withNote: true,
    async choices(actions) {
      const { queues, agents } = await actions.getConversationTransferTargets(conversationId);
      return {
        queues: queues.map(queueChoice),
        agents: agents.map((a) => ({
          to: { agentId: a.agentId },
          label: `${a.displayName} · ${PRESENCE_LABELS[a.presence]}${a.canTakeWork ? '' : ' (cannot take it now)'}`,
          disabled: !a.canTakeWork,
        })),
      };
    },
    transfer: (actions, to, note) => actions.transferConversation({ conversationId, note, ...to }),
  };
}

/** A call in progress: the queues, and the connected agents (busy ones disabled). */
export function callTransfer(callId: string): TransferSubject {
  return {
    title: 'Transfer the call',
    withNote: false,
    async choices(actions) {
      const { queues, agents } = await actions.getTransferTargets();
      return {
        queues: queues.map(queueChoice),
        agents: agents.map((a) => ({
          to: { agentId: a.agentId },
          label: `${a.displayName}${a.available ? '' : ' (busy)'}`,
          disabled: !a.available,
        })),
      };
    },
    transfer: (actions, to) => actions.transferCall({ callId, ...to }),
  };
}
