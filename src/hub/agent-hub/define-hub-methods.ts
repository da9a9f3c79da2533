/**
 * The hub's method table, checked against the contract (src/protocol/hub-contract.ts) by the compiler:
 *
 *   const methods = defineHubMethods({
 *     markRead: method(z.tuple([z.uuid()]), (agent, conversationId) => service.markRead(agent, conversationId)),
 *     …
 *   });
 *
 * `method` binds a zod schema of the argument tuple to a handler that gets the parsed arguments. `defineHubMethods`
 * wants exactly the methods of `HubMethods`, no more and no fewer, and for each one a schema whose output is the
 * contract's arguments and which accepts every argument list the contract allows, and a handler answering the
 * contract's result. At run time the arguments' strings are cleaned (src/hub/shared/clean-text.ts) and parsed (a mismatch is an `invalid_request` naming the method and
 * the field) and a DomainError the handler throws reaches the caller as a hub error with its code.
 */
import type { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import type { HubMethodArgs, HubMethodName, HubMethodResult } from '../../protocol/hub-contract.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import { cleanText } from '../shared/clean-text.js';
import { DomainError } from '../shared/domain-error.js';
import { HubError, type HubMethod } from '../signalr/index.js';

/**
 * One hub method: the schema of its arguments (A once parsed, I as sent) and what it does with them (answering R).
 * `handle` is written as a method so that its parameters are compared both ways: a binding for `[string]` is then a
 * `HubMethodBinding` (of `unknown[]`), which the table's type and `toHubMethods` rely on.
 */
export interface HubMethodBinding<A extends unknown[] = unknown[], I = unknown, R = unknown> {
  readonly args: z.ZodType<A, I>;
  handle(agent: AgentPrincipal, ...args: A): R | Promise<R>;
}

/** Binds an argument schema to its handler; the handler's parameters are the schema's output. */
export function method<S extends z.ZodType<unknown[]>, R>(
  args: S,
  handle: (agent: AgentPrincipal, ...args: z.output<S>) => R | Promise<R>,
): HubMethodBinding<z.output<S>, z.input<S>, R> {
  // S is exactly that type; the compiler cannot see through z.output/z.input of a type parameter
  return { args: args as unknown as z.ZodType<z.output<S>, z.input<S>>, handle };
}

/** The binding itself when it fits method M of the contract, otherwise a sentence the compiler shows. */
type Checked<M extends HubMethodName, B> =
  B extends HubMethodBinding<infer A, infer I, infer R>
    ? [A] extends [HubMethodArgs<M>]
      ? [HubMethodArgs<M>] extends [I]
        ? [R] extends [HubMethodResult<M>]
          ? B
          : `the handler of ${M} does not answer HubMethodResult<'${M}'>`
        : `the schema of ${M} refuses arguments HubMethodArgs<'${M}'> allows`
      : `the schema of ${M} does not parse to HubMethodArgs<'${M}'>`
    : never;

type CheckedTable<T> = {
  [K in keyof T]: K extends HubMethodName ? Checked<K, T[K]> : `${K & string} is not a method of HubMethods`;
};

/** Every method of the contract, each checked against its signature (see the file comment). */
export function defineHubMethods<T extends Record<HubMethodName, HubMethodBinding>>(table: T & CheckedTable<T>): T {
  return table;
}

/** The table as the SignalR server runs it: arguments parsed first, domain refusals turned into hub errors. */
export function toHubMethods(
  table: Record<HubMethodName, HubMethodBinding>,
): Record<string, HubMethod<AgentPrincipal>> {
  const methods: Record<string, HubMethod<AgentPrincipal>> = {};
  for (const [name, binding] of Object.entries(table) as Array<[HubMethodName, HubMethodBinding]>) {
    methods[name] = async (ctx, ...raw) => {
      const parsed = binding.args.safeParse(cleanStrings(raw));
      if (!parsed.success) throw invalidArguments(name, parsed.error);
      try {
        return await binding.handle(ctx.connection.user, ...parsed.data);
      } catch (error) {
        if (error instanceof DomainError) throw new HubError(error.code, error.message);
        throw error;
      }
    };
  }
  return methods;
}

/**
 * The arguments with every string cleaned of what the store cannot keep (NUL, lone surrogates): an agent's reply
 * with a stray NUL is sent without it instead of failing with internal_error for ever.
 */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanText(key), cleanStrings(item)]));
  }
  return value;
}

/** `sendMessage: Invalid UUID at 0.conversationId`: the method, what is wrong, and where in the arguments. */
function invalidArguments(name: string, error: z.ZodError): HubError {
  const issue = error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return new HubError(ErrorCodes.invalidRequest, `${name}: ${issue.message}${where}`);
}
