import sinon from 'sinon';
import type { HubMethodArgs, HubMethodName, HubMethodResult } from '../../../src/protocol/hub-contract.js';
import { HubClient } from '../../../src/widget/hub/hub-client.js';

type Invoke = (this: HubClient, method: HubMethodName, ...args: unknown[]) => Promise<unknown>;

/** What a test sees of the hub methods invoked on this page (see watchHubCalls). */
export interface HubCalls {
  /** The arguments of each invocation of `method` so far, in order. */
  of<M extends HubMethodName>(method: M): Array<HubMethodArgs<M>>;
  /** How many times `method` was invoked so far. */
  count(method: HubMethodName): number;
  /** What each invocation of `method` so far answered (or rejected with), in order. */
  answers<M extends HubMethodName>(method: M): Array<Promise<HubMethodResult<M>>>;
  /** The methods invoked so far, in order. */
  methods(): HubMethodName[];
}

/**
 * Watches the hub methods invoked on this page's connections, by contract name: every HubClient's `invoke` (a
 * follower tab's calls go through its leader's). Undone by `sinon.restore()`.
 */
export function watchHubCalls(): HubCalls {
  const spy = sinon.spy(HubClient.prototype as unknown as { invoke: Invoke }, 'invoke');
  const calls = <M extends HubMethodName>(method: M) => spy.getCalls().filter((call) => call.args[0] === method);
  return {
    of: (method) => calls(method).map(({ args: [, ...args] }) => args as HubMethodArgs<typeof method>),
    count: (method) => calls(method).length,
    answers: (method) => calls(method).map((call) => call.returnValue as Promise<HubMethodResult<typeof method>>),
    methods: () => spy.args.map(([name]) => name),
  };
}

/**
 * Steps in on every invocation of hub method `method` on this page: `around` gets its arguments and `proceed`, which
 * invokes it on the hub, and answers in its place (e.g. after a wait, or after dropping the link). Other methods go
 * to the hub as usual. Undone by `sinon.restore()`.
 */
export function interceptHubCall<M extends HubMethodName>(
  method: M,
  around: (args: HubMethodArgs<M>, proceed: () => Promise<HubMethodResult<M>>) => Promise<HubMethodResult<M>>,
): void {
  const prototype = HubClient.prototype as unknown as { invoke: Invoke };
  const invoke = prototype.invoke;
  sinon.stub(prototype, 'invoke').callsFake(function (this: HubClient, name: HubMethodName, ...args: unknown[]) {
    const proceed = () => invoke.call(this, name, ...args);
    return name === method ? around(args as HubMethodArgs<M>, proceed as () => Promise<HubMethodResult<M>>) : proceed();
  });
}
