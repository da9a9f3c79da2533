/**
 * Local stand-ins for the third-party services the hub talks to (TeleSign, Twilio, Google's Business Messages and
 * the Dataverse CRM): small HTTP servers that answer as those APIs do and call the hub back with correctly signed
 * requests. The demo (`npm start`) and the tests import them from here, so both exercise the same stand-ins.
 */
export { CrmStandIn, CRM_API_PATH, CRM_TOKEN_PATH, SEED } from './crm-stand-in.js';
export type { CrmStandInContact, CrmStandInIncident, CrmStandInOptions } from './crm-stand-in.js';
export { GbmStandIn } from './gbm-stand-in.js';
export type { GbmStandInEvent, GbmStandInMessage, GbmStandInOptions } from './gbm-stand-in.js';
export { JsonStandInServer } from './json-stand-in-server.js';
export type { JsonAnswer } from './json-stand-in-server.js';
export { TeleSignStandIn } from './telesign-stand-in.js';
export type { StandInMessage, TeleSignStandInOptions } from './telesign-stand-in.js';
export { TwilioStandIn } from './twilio-stand-in.js';
export type { TwilioStandInMessage, TwilioStandInOptions } from './twilio-stand-in.js';
