import { defineElement } from '../../utilities/define-element.js';
import { QueueCounters } from './queue-counters.component.js';

export { QueueCounters };

defineElement('queue-counters', QueueCounters);

declare global {
  interface HTMLElementTagNameMap {
    'queue-counters': QueueCounters;
  }
}
