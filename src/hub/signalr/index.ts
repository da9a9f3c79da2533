/**
 * Public API of the Node SignalR server (server side of the ASP.NET Core SignalR protocol, JSON hub protocol).
 */
export { SignalRServer, SHUTDOWN_MESSAGE } from './signalr-server.js';
export { ServerConnection } from './server-connection.js';
export { HubError } from './hub-error.js';
export type { HubDefinition, HubMethod, HubMethodContext } from './hub-definition.js';
export type { HubLifetimeManager, LocalConnection } from './hub-lifetime-manager.js';
export { FramedMessage } from './hub-protocol.js';
export { InMemoryHubLifetimeManager } from './in-memory-hub-lifetime-manager.js';
export { hubClients, type ClientProxy, type HubClients } from './hub-clients.js';
export type { SignalRLogger, SignalRServerOptions } from './options.js';
export type { TransportKind } from './transport.js';
