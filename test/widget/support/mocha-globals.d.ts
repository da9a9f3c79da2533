// The Mocha globals @web/test-runner provides in the browser, typed for the widget's tests
// (@types/mocha is not installed; this is the small part the tests use).

interface MochaContext {
  /** Marks the running test as skipped. */
  skip(): never;
  timeout(ms: number): void;
}

type MochaFunction = (this: MochaContext) => void | Promise<unknown>;

declare function describe(title: string, suite: () => void): void;
declare function it(title: string, test: MochaFunction): void;
declare function before(hook: MochaFunction): void;
declare function after(hook: MochaFunction): void;
declare function beforeEach(hook: MochaFunction): void;
declare function afterEach(hook: MochaFunction): void;
