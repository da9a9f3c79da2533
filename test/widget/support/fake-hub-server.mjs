// A stand-in for the hub, for the widget's browser tests only: the SignalR JSON protocol over long polling
// (the official client's fallback transport), with the hub contract's methods and events over in-memory data.
// Each test uses its own scenario under /fake-hub/<scenario>/ and drives it through /fake-hub/<scenario>/control.
// It is NOT the hub (src/hub is): the real hub is exercised by the lead's integration tests.

const RS = '\u001e';
const POLL_HOLD_MS = 5_000;

/** @typedef {{ token: string, handshaken: boolean, queue: string[], poll: null | ((status: number, body: string) => void), closed: boolean, polled: boolean }} Connection */

const scenarios = new Map();

function scenario(name) {
  let s = scenarios.get(name);
  if (!s) {
    s = {
      down: false,
      identity: { agentId: 'agent-1', organisationId: 'org-1', displayName: 'Ada Agent', roles: ['agent'] },
      conversations: new Map(),
      messages: new Map(),
      connections: new Map(),
      failures: [],
      delays: {},
      log: [],
      negotiations: [],
      nextConnection: 1,
    };
    scenarios.set(name, s);
  }
  return s;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(connection, message) {
  if (connection.closed) return;
  connection.queue.push(JSON.stringify(message) + RS);
  flush(connection);
}

function flush(connection) {
  if (!connection.poll || connection.queue.length === 0) return;
  const poll = connection.poll;
  connection.poll = null;
  const body = connection.queue.join('');
  connection.queue = [];
  poll(200, body);
}

function close(connection) {
  connection.closed = true;
  if (connection.poll) {
    const poll = connection.poll;
    connection.poll = null;
    poll(204, '');
  }
}

function broadcast(s, target, args) {
  for (const connection of s.connections.values()) {
    if (connection.handshaken) send(connection, { type: 1, target, arguments: args });
  }
}

function sortedConversations(s) {
  return [...s.conversations.values()].sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
}

function hubError(code, message) {
  const error = new Error(`[${code}] ${message}`);
  error.hub = true;
  return error;
}

const methods = {
  whoAmI(s) {
    return s.identity;
  },
  getConversations(s) {
    return sortedConversations(s);
  },
  getMessages(s, [request]) {
    const list = s.messages.get(request.conversationId) ?? [];
    return list
      .filter((m) => m.seq > request.afterSeq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, Math.min(request.limit ?? 500, 500));
  },
  sendMessage(s, [request]) {
    const conversation = s.conversations.get(request.conversationId);
    if (!conversation) throw hubError('not_found', 'No such conversation');
    const list = s.messages.get(conversation.id) ?? [];
    const existing = list.find((m) => m.clientMessageId === request.clientMessageId);
    if (existing) return existing;
    if (conversation.status === 'closed') throw hubError('conversation_closed', 'The conversation is closed');
    const now = new Date().toISOString();
    const message = {
      id: `msg-${conversation.id}-${conversation.lastSeq + 1}`,
      organisationId: conversation.organisationId,
      conversationId: conversation.id,
      seq: conversation.lastSeq + 1,
      direction: 'outbound',
      clientMessageId: request.clientMessageId,
      agentId: s.identity.agentId,
      text: request.text,
      status: 'pending',
      errorCode: null,
      errorDetail: null,
      createdAt: now,
      updatedAt: now,
    };
    s.messages.set(conversation.id, [...list, message]);
    const updated = { ...conversation, lastSeq: message.seq, preview: request.text.slice(0, 80), lastActivityAt: now };
    s.conversations.set(conversation.id, updated);
    broadcast(s, 'messageAdded', [message]);
    broadcast(s, 'conversationUpdated', [updated]);
    return message;
  },
  markRead(s, [conversationId]) {
    const conversation = s.conversations.get(conversationId);
    if (!conversation) throw hubError('not_found', 'No such conversation');
    const updated = { ...conversation, unreadCount: 0 };
    s.conversations.set(conversationId, updated);
    broadcast(s, 'conversationUpdated', [updated]);
    return updated;
  },
  closeConversation(s, [conversationId]) {
    const conversation = s.conversations.get(conversationId);
    if (!conversation) throw hubError('not_found', 'No such conversation');
    const updated = { ...conversation, status: 'closed' };
    s.conversations.set(conversationId, updated);
    broadcast(s, 'conversationUpdated', [updated]);
    return updated;
  },
};

async function invoke(s, connection, message) {
  s.log.push({ target: message.target, arguments: message.arguments });
  const delay = s.delays[message.target];
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  const failureIndex = s.failures.findIndex((f) => f.method === message.target);
  let completion;
  try {
    if (failureIndex >= 0) {
      const failure = s.failures[failureIndex];
      if (--failure.times <= 0) s.failures.splice(failureIndex, 1);
      throw hubError(failure.code, failure.message);
    }
    const method = methods[message.target];
    if (!method) throw hubError('not_found', `Unknown method ${message.target}`);
    completion = { type: 3, invocationId: message.invocationId, result: method(s, message.arguments ?? []) };
  } catch (error) {
    completion = { type: 3, invocationId: message.invocationId, error: error.message };
  }
  if (message.invocationId !== undefined) send(connection, completion);
}

function control(s, command) {
  if ('down' in command) s.down = command.down;
  if (command.identity) s.identity = command.identity;
  if (command.conversations) for (const c of command.conversations) s.conversations.set(c.id, c);
  if (command.messages) {
    for (const m of command.messages) {
      const list = (s.messages.get(m.conversationId) ?? []).filter((x) => x.seq !== m.seq);
      s.messages.set(m.conversationId, [...list, m].sort((a, b) => a.seq - b.seq));
    }
  }
  if (command.removeConversations) for (const id of command.removeConversations) s.conversations.delete(id);
  if (command.fail) s.failures.push({ times: 1, ...command.fail });
  if (command.delay) s.delays = { ...s.delays, ...command.delay };
  if (command.push) broadcast(s, command.push.target, command.push.arguments);
  if (command.drop) {
    for (const connection of s.connections.values()) close(connection);
    s.connections.clear();
  }
  if (command.clearLog) {
    s.log = [];
    s.negotiations = [];
  }
}

export function fakeHubMiddleware() {
  return async function fakeHub(ctx, next) {
    const match = /^\/fake-hub\/([\w-]+)\/(hub\/negotiate|hub|control|log|token)$/.exec(ctx.path);
    if (!match) return next();
    const s = scenario(match[1]);
    const route = match[2];
    ctx.set('Cache-Control', 'no-store');

    if (route === 'control') {
      control(s, JSON.parse((await readBody(ctx.req)) || '{}'));
      ctx.body = { ok: true };
      return;
    }
    if (route === 'log') {
      const open = [...s.connections.values()].filter((connection) => !connection.closed).length;
      ctx.body = { invocations: s.log, negotiations: s.negotiations, connections: open };
      return;
    }
    if (route === 'token') {
      ctx.body = { token: s.token ?? ctx.query.token ?? '' };
      return;
    }
    if (route === 'hub/negotiate') {
      s.negotiations.push({ authorization: ctx.get('authorization') });
      if (s.down) {
        ctx.status = 503;
        ctx.body = 'down';
        return;
      }
      const token = `conn-${s.nextConnection++}`;
      s.connections.set(token, { token, handshaken: false, queue: [], poll: null, closed: false, polled: false });
      ctx.body = {
        connectionToken: token,
        connectionId: `id-${token}`,
        negotiateVersion: 1,
        availableTransports: [{ transport: 'LongPolling', transferFormats: ['Text', 'Binary'] }],
      };
      return;
    }

    // route === 'hub': the long-polling transport
    const connection = s.connections.get(ctx.query.id);
    if (!connection) {
      ctx.status = 404;
      ctx.body = '';
      return;
    }
    if (ctx.method === 'GET') {
      if (connection.closed) {
        ctx.status = 204;
        return;
      }
      if (!connection.polled) {
        connection.polled = true;
        ctx.status = 200;
        ctx.body = '';
        return;
      }
      const { status, body } = await new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (connection.poll !== respond) return;
          connection.poll = null;
          resolve({ status: 200, body: JSON.stringify({ type: 6 }) + RS });
        }, POLL_HOLD_MS);
        const respond = (status, body) => {
          clearTimeout(timer);
          resolve({ status, body });
        };
        if (connection.poll) connection.poll(200, '');
        connection.poll = respond;
        flush(connection);
      });
      ctx.status = status;
      ctx.type = 'text/plain';
      ctx.body = body;
      return;
    }
    if (ctx.method === 'DELETE') {
      close(connection); // kept (closed) so a poll still in flight gets 204, not 404
      ctx.status = 202;
      ctx.body = '';
      return;
    }
    if (ctx.method === 'POST') {
      const body = await readBody(ctx.req);
      for (const frame of body.split(RS).filter(Boolean)) {
        const message = JSON.parse(frame);
        if (!connection.handshaken) {
          connection.handshaken = true;
          connection.queue.push('{}' + RS);
          flush(connection);
          continue;
        }
        if (message.type === 1) void invoke(s, connection, message);
        if (message.type === 7) close(connection);
      }
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    ctx.status = 405;
  };
}
