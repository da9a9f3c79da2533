import type { DesktopActions } from '../../../src/widget/desktop/desktop-actions.js';

/**
 * The actions for a component test: the members the test gives (sinon spies, usually, answering as the hub and the
 * desktop service would) and, for every other member, one that fails: a component calling an action the test did not
 * expect gets a rejection (it shows as a failure, so the test's assertions on what the component shows fail) and the
 * call is reported on the console. The result keeps the given members' own types (`actions.acceptOffer.callCount`).
 *
 *   const actions = fakeActions({ acceptOffer: sinon.spy(async (id: string) => accepted(id)) });
 */
export function fakeActions<A extends Partial<DesktopActions>>(given: A = {} as A): A & DesktopActions {
  return new Proxy(given, {
    get(target, name, receiver) {
      // `then` stays undefined so the actions are not mistaken for a promise when awaited or resolved, and Lit's
      // markers (`_$litDirective$`…) too, so a component can hand the actions to a child in a template.
      if (typeof name === 'symbol' || name === 'then' || name.startsWith('_$') || name in target)
        return Reflect.get(target, name, receiver);
      return (...args: unknown[]) => {
        const error = new Error(`The test did not expect ${name}(${args.map((a) => JSON.stringify(a)).join(', ')}).`);
        console.error(error.message);
        return Promise.reject(error);
      };
    },
  }) as A & DesktopActions;
}
