import { defineElement } from '../../utilities/define-element.js';
import { QueueCounters } from './queue-counters.component.js';

export { QueueCounters };

defineElement('ad-queue-counters', QueueCounters);

declare global {
  interface HTMLElementTagNameMap {
    'ad-queue-counters': QueueCounters;
  }
}
