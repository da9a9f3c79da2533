/** An agent who could take a piece of work now. */
export interface RoutingCandidate {
  agentId: string;
  /** Room left for this kind of work (e.g. 2 when they hold 1 of 3 conversations). */
  free: number;
  /** Since when they have had no new work (epoch ms). */
  idleSince: number;
}

/**
 * Picks who gets a piece of work: its previous agent when they are a candidate (a re-opened conversation goes back
 * to who knows it), else the one with the most free capacity, ties to the longest idle, then by agent id so the
 * choice is deterministic.
 */
export function chooseAgent(candidates: RoutingCandidate[], previousAgentId: string | null): string | null {
  const eligible = candidates.filter((c) => c.free > 0);
  if (eligible.length === 0) return null;
  if (previousAgentId && eligible.some((c) => c.agentId === previousAgentId)) return previousAgentId;
  let best = eligible[0];
  for (const c of eligible) {
    if (
      c.free > best.free ||
      (c.free === best.free &&
        (c.idleSince < best.idleSince || (c.idleSince === best.idleSince && c.agentId < best.agentId)))
    )
      best = c;
  }
  return best.agentId;
}
