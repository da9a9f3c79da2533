// Browser tests of the widget (test/widget/**), in the system Chromium, headless.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { realHub } from './test/widget/support/real-hub-plugin.mjs';

// The real hub (demo stack on a free port, in a child process) for the tests that need one; see
// test/widget/support/real-hub-harness.ts. Tests reach its control API at /harness/… on this server.
const hub = realHub();

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.widget.json' }), hub.plugin],
  middleware: [hub.middleware],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-dev-shm-usage',
        ],
      },
    }),
  ],
  // Lit's one-off "dev mode" notice is expected in tests; everything else in the console is shown.
  filterBrowserLogs: ({ args }) => !args.some((arg) => typeof arg === 'string' && arg.includes('lit.dev/msg/dev-mode')),
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: {
    config: { timeout: 10_000 },
  },
};
