import type { AgentIdentity, ConversationSummary, Message } from '../../../src/protocol/payloads.js';

/** Commands the fake hub server understands (see fake-hub-server.mjs). */
export interface FakeHubCommand {
  down?: boolean;
  identity?: AgentIdentity;
  conversations?: ConversationSummary[];
  messages?: Message[];
  removeConversations?: string[];
  fail?: { method: string; code: string; message: string; times?: number };
  delay?: Record<string, number>;
  push?: { target: string; arguments: unknown[] };
  drop?: boolean;
  clearLog?: boolean;
}

export interface FakeHubLog {
  invocations: Array<{ target: string; arguments: unknown[] }>;
  negotiations: Array<{ authorization: string }>;
  connections: number;
}

let counter = 0;

/** A fresh, isolated fake hub scenario served by the test server. `url` is what `hub-url` takes. */
export function createFakeHub() {
  const name = `s${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = `${location.origin}/fake-hub/${name}`;
  return {
    url: base,
    tokenUrl: (token: string) => `${base}/token?token=${encodeURIComponent(token)}`,
    async control(command: FakeHubCommand): Promise<void> {
      const response = await fetch(`${base}/control`, { method: 'POST', body: JSON.stringify(command) });
      if (!response.ok) throw new Error(`control failed: ${response.status}`);
    },
    async log(): Promise<FakeHubLog> {
      return (await fetch(`${base}/log`)).json() as Promise<FakeHubLog>;
    },
  };
}

export type FakeHub = ReturnType<typeof createFakeHub>;
