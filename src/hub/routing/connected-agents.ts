/**
 * Which agents are connected right now, per organisation, counting their connections (an agent with two tabs
 * stays connected until the last one closes). For now "connected" means "available"; presence comes later.
 */
export class ConnectedAgents {
  private readonly byOrg = new Map<string, Map<string, number>>();

  add(orgId: string, agentId: string): void {
    const agents = this.byOrg.get(orgId) ?? new Map<string, number>();
    agents.set(agentId, (agents.get(agentId) ?? 0) + 1);
    this.byOrg.set(orgId, agents);
  }

  remove(orgId: string, agentId: string): void {
    const agents = this.byOrg.get(orgId);
    const count = agents?.get(agentId) ?? 0;
    if (!agents || count <= 1) agents?.delete(agentId);
    else agents.set(agentId, count - 1);
  }

  isConnected(orgId: string, agentId: string): boolean {
    return (this.byOrg.get(orgId)?.get(agentId) ?? 0) > 0;
  }

  list(orgId: string): string[] {
    return [...(this.byOrg.get(orgId)?.keys() ?? [])];
  }
}
