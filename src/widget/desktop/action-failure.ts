/**
 * Why a desktop action failed, as components see it: the error code, the hub's own detail and the words for the
 * agent. Components read failures only through this, never through the transport's error classes, so the hub
 * client can change without touching them.
 */
import { HUB_UNREACHABLE, toHubRequestError } from '../hub/hub-request-error.js';
import { describeError } from './describe-error.js';

export interface ActionFailure {
  /** An `ErrorCodes` code from the hub, or `hub_unreachable` when the action never got an answer. */
  code: string;
  /** The hub's own message (the detail behind the code). */
  detail: string;
  /** What to tell the agent. */
  description: string;
  /** The hub could not be reached: worth trying again shortly. */
  hubUnreachable: boolean;
}

/** Reads anything an action rejected with. */
export function actionFailure(error: unknown): ActionFailure {
  const { code, message } = toHubRequestError(error);
  return { code, detail: message, description: describeError(code, message), hubUnreachable: code === HUB_UNREACHABLE };
}
