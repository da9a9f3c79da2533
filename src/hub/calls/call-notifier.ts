/** How the call service tells agents a call changed (implemented over SignalR groups in hub-server.ts). */
import type { Call } from '../../protocol/calls.js';

export interface CallNotifier {
  /**
   * Sends `callUpdated` to the call's assigned agent, to `previousAgentId` when the call just left them (so their
   * softphone drops it), and to the organisation's supervisors.
   */
  callUpdated(call: Call, previousAgentId: string | null): void;
}
