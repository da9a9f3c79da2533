/** The hub's entry point: configuration from file and environment, start, clean shutdown on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config/load-config.js';
import { startHub } from './hub-server.js';
import { createLogger } from './logger.js';

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const hub = await startHub({ config, logger: log });
  log.info({ url: hub.url, demo: config.demo }, 'hub listening');
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await hub.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
