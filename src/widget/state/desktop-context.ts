import { createContext } from '@lit/context';
import type { DesktopActions } from '../desktop/desktop-actions.js';
import type { DesktopStore } from './desktop-store.js';

/** The store an enclosing `<ad-desktop>` provides to its components. */
export const desktopStoreContext = createContext<DesktopStore | undefined>(Symbol('ad-desktop-store'));

/** Where components send the agent's intents (select, send, close, mark read). */
export const desktopActionsContext = createContext<DesktopActions | undefined>(Symbol('ad-desktop-actions'));
