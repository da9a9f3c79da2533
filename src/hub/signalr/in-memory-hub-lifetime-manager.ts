/**
 * The lifetime manager of a hub running as one process: connections, users and groups in maps. A message is
 * serialised once per send and the same bytes written to every connection it goes to.
 */
import type { HubLifetimeManager, LocalConnection } from './hub-lifetime-manager.js';
import { FramedMessage, writeInvocation } from './hub-protocol.js';

export class InMemoryHubLifetimeManager implements HubLifetimeManager {
  readonly #connections = new Map<string, LocalConnection>();
  readonly #users = new Map<string, Set<LocalConnection>>();
  readonly #groups = new Map<string, Set<LocalConnection>>();
  /** The groups each connection is in, so it leaves them all when it ends. */
  readonly #membership = new Map<string, Set<string>>();

  async onConnected(connection: LocalConnection): Promise<void> {
    this.#connections.set(connection.connectionId, connection);
    add(this.#users, connection.userKey, connection);
  }

  async onDisconnected(connection: LocalConnection): Promise<void> {
    if (this.#connections.get(connection.connectionId) !== connection) return;
    this.#connections.delete(connection.connectionId);
    remove(this.#users, connection.userKey, connection);
    for (const group of this.#membership.get(connection.connectionId) ?? []) remove(this.#groups, group, connection);
    this.#membership.delete(connection.connectionId);
  }

  async sendToConnection(connectionId: string, target: string, args: readonly unknown[]): Promise<void> {
    this.#connections.get(connectionId)?.write(framed(target, args));
  }

  async sendToUser(userKey: string, target: string, args: readonly unknown[]): Promise<void> {
    writeToAll(this.#users.get(userKey), target, args);
  }

  async sendToGroup(group: string, target: string, args: readonly unknown[]): Promise<void> {
    writeToAll(this.#groups.get(group), target, args);
  }

  async addToGroup(connectionId: string, group: string): Promise<void> {
    const connection = this.#connections.get(connectionId);
    if (!connection) return;
    add(this.#groups, group, connection);
    let groups = this.#membership.get(connectionId);
    if (!groups) this.#membership.set(connectionId, (groups = new Set()));
    groups.add(group);
  }

  async removeFromGroup(connectionId: string, group: string): Promise<void> {
    const connection = this.#connections.get(connectionId);
    if (!connection) return;
    remove(this.#groups, group, connection);
    this.#membership.get(connectionId)?.delete(group);
  }
}

function framed(target: string, args: readonly unknown[]): FramedMessage {
  return new FramedMessage(writeInvocation(target, args));
}

function writeToAll(
  connections: ReadonlySet<LocalConnection> | undefined,
  target: string,
  args: readonly unknown[],
): void {
  if (!connections || connections.size === 0) return;
  const message = framed(target, args);
  for (const connection of connections) connection.write(message);
}

function add(index: Map<string, Set<LocalConnection>>, key: string, connection: LocalConnection): void {
  let members = index.get(key);
  if (!members) index.set(key, (members = new Set()));
  members.add(connection);
}

function remove(index: Map<string, Set<LocalConnection>>, key: string, connection: LocalConnection): void {
  const members = index.get(key);
  if (!members) return;
  members.delete(connection);
  if (members.size === 0) index.delete(key);
}
