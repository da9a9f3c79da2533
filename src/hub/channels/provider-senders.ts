/**
 * The providers configured for this hub, as the conversation service sends through them: one dispatcher picking
 * each message's provider by its channel, and who tells customers that the agent is typing (Business Messages).
 */
import type { Clock } from '../clock.js';
import type { HubConfig } from '../config/config-schema.js';
import type { PublicUrl } from '../http/public-url.js';
import type { Logger } from '../logger.js';
import type { ChannelDirectory } from '../channel-directory.js';
import type { TemplateCatalog } from '../templates/template-catalog.js';
import { gbmDispatcher, gbmTypingSender } from './gbm/gbm-dispatcher.js';
import { BUSINESS_MESSAGES_SCOPE, ServiceAccountTokenSource } from './gbm/google-service-account-token.js';
import {
  dispatchByProvider,
  type MessageDispatcher,
  type ProviderDispatcher,
  type TypingSender,
} from './message-dispatch.js';
import { teleSignDispatcher } from './telesign/telesign-dispatcher.js';
import { TELESIGN_WEBHOOK_PATH } from './telesign/telesign-webhook-route.js';
import { twilioDispatcher } from './twilio/twilio-dispatcher.js';
import { TWILIO_WEBHOOK_PATH } from './twilio/twilio-webhook-route.js';

export interface ProviderSenders {
  dispatcher: MessageDispatcher;
  typing: TypingSender;
}

export function providerSenders(
  config: HubConfig,
  deps: { channels: ChannelDirectory; templates: TemplateCatalog; publicUrl: PublicUrl; clock: Clock; log: Logger },
): ProviderSenders {
  const providers: Record<string, ProviderDispatcher> = {};
  if (config.telesign)
    providers.telesign = teleSignDispatcher(config.telesign, () => deps.publicUrl.at(TELESIGN_WEBHOOK_PATH));
  if (config.twilio)
    providers.twilio = twilioDispatcher(config.twilio, deps.templates, () => deps.publicUrl.at(TWILIO_WEBHOOK_PATH));
  const gbm = config.gbm && {
    baseUrl: config.gbm.baseUrl,
    timeoutMs: config.gbm.timeoutMs,
    tokens: new ServiceAccountTokenSource(
      config.gbm.credentials,
      BUSINESS_MESSAGES_SCOPE,
      deps.clock,
      config.gbm.timeoutMs,
    ),
  };
  if (gbm) providers.google = gbmDispatcher(gbm);
  const typing: TypingSender = gbm ? gbmTypingSender(gbm, deps.log) : async () => {};
  return { dispatcher: dispatchByProvider(deps.channels, providers), typing };
}
