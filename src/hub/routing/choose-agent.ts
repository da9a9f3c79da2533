/**
 * Picks the agent for a conversation waiting for one: its previous agent when connected (a re-opened
 * conversation goes back to who knows it), otherwise the connected agent with the fewest active
 * conversations, ties broken by agent id so the choice is deterministic.
 */
export function chooseAgent(connected: string[], load: Map<string, number>, previousAgentId: string | null): string | null {
  if (connected.length === 0) return null;
  if (previousAgentId && connected.includes(previousAgentId)) return previousAgentId;
  return [...connected].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a.localeCompare(b))[0]!;
}
