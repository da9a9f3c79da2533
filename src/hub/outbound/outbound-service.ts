/**
 * Outbound messages: configurations (per organisation, in the store), sends to a ContactList (API, events,
 * schedules), the timeline's activities. Each contact is checked (shape, channel, number, consent, opt-out,
 * placeholders), logged in `outbound_sends`, stored as a message and sent through the conversation service's
 * provider dispatch (the same code as agents' replies: TeleSign SMS, Twilio SMS/WhatsApp by ContentSid).
 */
import { ErrorCodes } from '../../protocol/errors.js';
import { MAX_MESSAGE_CHARACTERS } from '../../protocol/limits.js';
import {
  MAX_OUTBOUND_CONTACTS,
  summarise,
  type OutboundActivity,
  type OutboundConfiguration,
  type OutboundConfigurationInput,
  type OutboundContactResult,
  type OutboundEventResult,
  type OutboundSchedule,
  type OutboundSendResult,
  type OutboundTrigger,
} from '../../protocol/outbound.js';
import { characterCount } from '../../protocol/sms-segments.js';
import { chooseLocalization, fillTemplate, placeholdersIn, type MessageTemplate } from '../../protocol/templates.js';
import type { AgentPrincipal } from '../auth/agent-token.js';
import type { ChannelDirectory, ChannelEntry } from '../channel-directory.js';
import type { Clock } from '../clock.js';
import type { HubConfig } from '../config/config-schema.js';
import { readableConversation } from '../conversations/conversation-access.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { DomainError } from '../shared/domain-error.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/database.js';
import * as conversations from '../store/conversations.js';
import * as messages from '../store/messages.js';
import { optedOutAmong, recordOptOutChange } from '../store/opt-outs.js';
import * as store from '../store/outbound.js';
import type { ConversationRow, MessageRow } from '../store/rows.js';
import type { TemplateCatalog } from '../templates/template-catalog.js';
import { parseContact, rawNumber, type ParsedContact } from './contact-list.js';
import type { ConfigurationBody, EventBody, ScheduleBody, SendBody } from './outbound-requests.js';
import { customerAddressFor, sameNumber } from '../shared/customer-address.js';
import { firstOccurrence } from './schedule-spec.js';

export interface OutboundServiceDeps {
  db: Database;
  clock: Clock;
  channels: ChannelDirectory;
  templates: TemplateCatalog;
  /** Its provider dispatch sends every outbound message. */
  conversations: ConversationService;
  config: HubConfig;
  notifier: OutboundNotifier;
  log: Logger;
}

/** How the outbound service tells agents about a send. */
export interface OutboundNotifier {
  /** To the agent of the customer's existing conversation (and supervisors): a new activity on its timeline. */
  outboundActivityAdded(conversation: ConversationRow, activity: OutboundActivity): void;
}

/** How a send was started, and the prefix of its contacts' dedupe keys (null: no de-duplication). */
export interface SendContext {
  trigger: OutboundTrigger;
  triggerRef: string | null;
  dedupePrefix: string | null;
}

/** Contacts of one request are sent this many at a time (the provider calls overlap; the store serialises). */
const SEND_CONCURRENCY = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class OutboundService {
  constructor(private readonly deps: OutboundServiceDeps) {}

  // ---- configurations ----

  async listConfigurations(orgId: string): Promise<OutboundConfiguration[]> {
    return (await store.listConfigurations(this.deps.db, orgId)).map(store.toConfiguration);
  }

  async getConfiguration(orgId: string, id: string): Promise<OutboundConfiguration> {
    return store.toConfiguration(await this.configurationRow(orgId, id));
  }

  async createConfiguration(orgId: string, body: ConfigurationBody): Promise<OutboundConfiguration> {
    const input = this.validConfiguration(orgId, body);
    try {
      return store.toConfiguration(await store.insertConfiguration(this.deps.db, orgId, input, this.deps.clock.now()));
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
  }

  async updateConfiguration(orgId: string, id: string, body: ConfigurationBody): Promise<OutboundConfiguration> {
    await this.configurationRow(orgId, id);
    const input = this.validConfiguration(orgId, body);
    try {
      const row = await store.updateConfiguration(this.deps.db, orgId, id, input, this.deps.clock.now());
      if (!row) throw configurationNotFound(id);
      return store.toConfiguration(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
  }

  async deleteConfiguration(orgId: string, id: string): Promise<void> {
    if (!UUID.test(id) || !(await store.deleteConfiguration(this.deps.db, orgId, id, this.deps.clock.now())))
      throw configurationNotFound(id);
  }

  /** Another organisation's configuration is reported exactly like a missing one. */
  private async configurationRow(orgId: string, id: string): Promise<store.ConfigurationRow> {
    const row = UUID.test(id) ? await store.findConfiguration(this.deps.db, orgId, id) : null;
    if (!row) throw configurationNotFound(id);
    return row;
  }

  /** A configuration by id, or by name (as event mappings and the demo's simulator name them). */
  async findConfigurationByIdOrName(orgId: string, idOrName: string): Promise<store.ConfigurationRow | null> {
    if (UUID.test(idOrName)) {
      const byId = await store.findConfiguration(this.deps.db, orgId, idOrName);
      if (byId) return byId;
    }
    return store.findConfigurationByName(this.deps.db, orgId, idOrName);
  }

  /**
   * The body, checked against the organisation: the number is one of its numbers of that channel type, the
   * template exists and is approved for that channel, and on WhatsApp every version has a ContentSid (templates
   * are what WhatsApp allows to a customer who has not written in the last 24 hours).
   */
  private validConfiguration(orgId: string, input: ConfigurationBody): OutboundConfigurationInput {
    const numbers = this.deps.channels.listFor(orgId, input.channelType);
    const channel =
      numbers.find((c) => c.address === input.channelNumber) ??
      numbers.find((c) => sameNumber(c.address, input.channelNumber));
    if (!channel) {
      const known = numbers.map((c) => c.address).join(', ') || 'none';
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `channelNumber: ${input.channelNumber} is not one of your ${input.channelType} numbers (${known}).`,
        400,
        'channelNumber',
      );
    }
    const template = this.deps.templates.find(orgId, input.templateName);
    if (!template)
      throw new DomainError(
        ErrorCodes.templateNotFound,
        `templateName: no template "${input.templateName}".`,
        400,
        'templateName',
      );
    if (!template.channels.includes(input.channelType)) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `templateName: "${template.name}" is not approved for ${input.channelType}.`,
        400,
        'templateName',
      );
    }
    const withoutSid = template.localizations.filter((l) => !l.contentSid).map((l) => l.language);
    if (input.channelType === 'whatsapp' && withoutSid.length > 0) {
      throw new DomainError(
        ErrorCodes.invalidRequest,
        `templateName: "${template.name}" has no approved WhatsApp version (contentSid) for ${withoutSid.join(', ')}; WhatsApp outbound goes by ContentSid.`,
        400,
        'templateName',
      );
    }
    return { ...input, channelNumber: channel.address };
  }

  // ---- sending ----

  /** `POST /api/outbound/{configurationId}/send`. */
  async send(
    orgId: string,
    configurationId: string,
    body: SendBody,
    idempotencyKey?: string,
  ): Promise<OutboundSendResult> {
    const configuration = await this.configurationRow(orgId, configurationId);
    const contacts = body.ContactList;
    const requestId = idempotencyKey ?? body.requestId ?? null;
    const results = await this.sendContacts(
      configuration,
      contacts.map((raw, index) => ({ raw, index })),
      {
        trigger: 'api',
        triggerRef: null,
        dedupePrefix: requestId ? `api:${configuration.id}:${requestId}` : null,
      },
    );
    return { configurationId: configuration.id, requestId, summary: summarise(results), contacts: results };
  }

  /**
   * `POST /api/events/{eventName}`: the ContactList through every configuration the organisation maps the event
   * to. A contact goes to the mapped configurations of its channel (only to its `configurationid` when it names one).
   */
  async sendEvent(
    orgId: string,
    eventName: string,
    body: EventBody,
    idempotencyKey?: string,
  ): Promise<OutboundEventResult> {
    const mapped = this.deps.config.organisations.find((o) => o.id === orgId)?.outbound?.events[eventName];
    if (!mapped)
      throw new DomainError(ErrorCodes.notFound, `No outbound configuration is mapped to event "${eventName}".`);
    const contacts = body.ContactList;
    const eventId = idempotencyKey ?? body.requestId ?? body.eventId ?? null;
    const configurations: store.ConfigurationRow[] = [];
    const missingConfigurations: string[] = [];
    for (const ref of mapped) {
      const row = await this.findConfigurationByIdOrName(orgId, ref);
      if (!row) missingConfigurations.push(ref);
      else if (!configurations.some((c) => c.id === row.id)) configurations.push(row);
    }
    if (missingConfigurations.length > 0)
      this.deps.log.warn(
        { org: orgId, event: eventName, missing: missingConfigurations },
        'an event is mapped to outbound configurations that do not exist',
      );
    const taken = new Set<number>();
    const results: OutboundEventResult['results'] = [];
    for (const configuration of configurations) {
      const mine = contacts
        .map((raw, index) => ({ raw, index }))
        .filter(({ raw }) => {
          const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
          const channel = typeof record.channelid === 'string' ? record.channelid.trim().toLowerCase() : '';
          const target =
            typeof record.configurationid === 'string' && record.configurationid.trim()
              ? record.configurationid.trim()
              : null;
          return (
            channel === configuration.channel &&
            (!target || target === configuration.id || target.toLowerCase() === configuration.name.toLowerCase())
          );
        });
      if (mine.length === 0) continue;
      for (const { index } of mine) taken.add(index);
      const sent = await this.sendContacts(
        configuration,
        mine.map(({ raw, index }) => ({ raw: withoutConfigurationId(raw), index })),
        {
          trigger: 'event',
          triggerRef: eventName,
          dedupePrefix: eventId ? `event:${eventName}:${eventId}:${configuration.id}` : null,
        },
      );
      results.push({
        configurationId: configuration.id,
        configurationName: configuration.name,
        summary: summarise(sent),
        contacts: sent,
      });
    }
    const unmatched = contacts
      .map((raw, index) => ({ raw, index }))
      .filter(({ index }) => !taken.has(index))
      .map(({ raw, index }) => ({
        index,
        tocontactid: rawNumber(raw),
        message: `No configuration mapped to "${eventName}" takes this contact (its channelid or configurationid matches none).`,
      }));
    return { event: eventName, eventId, results, unmatched, missingConfigurations };
  }

  /** Sends to each contact through one configuration; every contact gets an outcome, in the order given. */
  async sendContacts(
    configuration: store.ConfigurationRow,
    contacts: Array<{ raw: unknown; index: number }>,
    context: SendContext,
  ): Promise<OutboundContactResult[]> {
    const orgId = configuration.org_id;
    const template = this.deps.templates.find(orgId, configuration.template_name);
    if (!template)
      throw new DomainError(
        ErrorCodes.templateNotFound,
        `The configuration's template "${configuration.template_name}" is no longer configured.`,
      );
    const channel = this.deps.channels.find(configuration.channel, configuration.channel_address);
    if (!channel || channel.orgId !== orgId) {
      throw new DomainError(
        ErrorCodes.conflict,
        `The configuration's ${configuration.channel} number ${configuration.channel_address} is no longer configured.`,
      );
    }
    // Every contact is checked first; the log (earlier attempts) and the opt-outs are read once for the whole list.
    const checked = contacts.map(({ raw, index }) => ({
      index,
      tocontactid: rawNumber(raw),
      ...checkContact(configuration, channel, raw),
    }));
    const addresses = checked.flatMap((c) => (c.ok ? [c.customerAddress] : []));
    const dedupeKeyOf = (address: string) => (context.dedupePrefix ? `${context.dedupePrefix}:${address}` : null);
    const earlier = context.dedupePrefix
      ? await store.findSendsByDedupeKeys(
          this.deps.db,
          configuration.org_id,
          addresses.map((a) => dedupeKeyOf(a)!),
        )
      : new Map<string, store.LoggedSend>();
    const optedOut = await optedOutAmong(
      this.deps.db,
      configuration.org_id,
      channel.channel,
      channel.address,
      addresses,
    );
    const sentToTimeline: Array<{ sendId: string; customerAddress: string }> = [];
    const results = await mapConcurrently(checked, SEND_CONCURRENCY, async (c) => {
      if (!c.ok)
        return {
          index: c.index,
          tocontactid: c.tocontactid,
          status: 'invalid' as const,
          field: c.field,
          errorCode: ErrorCodes.invalidRequest,
          message: c.message,
        };
      const dedupeKey = dedupeKeyOf(c.customerAddress);
      const logged = dedupeKey ? earlier.get(dedupeKey) : undefined;
      if (logged) return fromLog(logged, c.index, c.tocontactid);
      const result = await this.sendOne(
        configuration,
        template,
        channel,
        c.contact,
        c.customerAddress,
        dedupeKey,
        optedOut.has(c.customerAddress),
        c.index,
        c.tocontactid,
        context,
      );
      if (result.sendId && configuration.show_on_timeline)
        sentToTimeline.push({ sendId: result.sendId, customerAddress: c.customerAddress });
      return result.result;
    });
    await this.announceActivities(configuration.org_id, channel, sentToTimeline);
    return results;
  }

  private async sendOne(
    configuration: store.ConfigurationRow,
    template: MessageTemplate,
    channel: ChannelEntry,
    contact: ParsedContact,
    customerAddress: string,
    dedupeKey: string | null,
    optedOut: boolean,
    index: number,
    tocontactid: string,
    context: SendContext,
  ): Promise<{ result: OutboundContactResult; sendId?: string }> {
    const { db, clock } = this.deps;
    const orgId = configuration.org_id;
    const invalid = (field: string, message: string): OutboundContactResult => ({
      index,
      tocontactid,
      status: 'invalid',
      field,
      errorCode: ErrorCodes.invalidRequest,
      message,
    });

    const base: store.SendInput = {
      org_id: orgId,
      configuration_id: configuration.id,
      trigger: context.trigger,
      trigger_ref: context.triggerRef,
      dedupe_key: null,
      channel: configuration.channel,
      channel_address: configuration.channel_address,
      customer_address: customerAddress,
      outcome: 'sent',
      error_code: null,
      error_field: null,
      error_detail: null,
      message_id: null,
      show_on_timeline: configuration.show_on_timeline,
      customer_name: contact.CustomerName,
      case_name: contact.CaseName,
      entity_relationship_name: contact.entityrelationshipname,
      locale: contact.locale,
      language: null,
    };
    // Skips and refusals are logged without the dedupe key: nothing was sent, so a retry may decide again.
    const skip = async (status: 'skipped_no_consent' | 'skipped_opted_out', message: string) => {
      await store.insertSend(db, { ...base, outcome: status, show_on_timeline: false }, clock.now());
      return { result: { index, tocontactid, customerAddress, status, message } };
    };
    if (!contact.option)
      return skip('skipped_no_consent', 'The customer has not agreed to be contacted (option is false).');
    if (optedOut)
      return skip(
        'skipped_opted_out',
        `The customer opted out of ${channel.channel === 'sms' ? 'SMS' : 'WhatsApp'} from ${channel.address}.`,
      );

    const localization = chooseLocalization(template, contact.locale);
    const values = placeholderValues(contact);
    const filled = fillTemplate(localization.text, values);
    if (filled.missing.length > 0) {
      const name = filled.missing[0];
      const field = name === 'CustomerName' || name === 'CaseName' ? name : `contextitems.${name}`;
      const result = invalid(
        field,
        `{{${filled.missing.join('}}, {{')}}} ${filled.missing.length > 1 ? 'have' : 'has'} no value: add ${filled.missing.length > 1 ? 'them' : 'it'} to contextitems.`,
      );
      await store.insertSend(
        db,
        {
          ...base,
          outcome: 'invalid',
          show_on_timeline: false,
          error_code: ErrorCodes.templateValueMissing,
          error_field: field,
          language: localization.language,
        },
        clock.now(),
      );
      return { result: { ...result, errorCode: ErrorCodes.templateValueMissing, language: localization.language } };
    }
    if (characterCount(filled.text) > MAX_MESSAGE_CHARACTERS) {
      return {
        result: {
          ...invalid(
            'contextitems',
            `The filled message has ${characterCount(filled.text)} characters; at most ${MAX_MESSAGE_CHARACTERS} are allowed.`,
          ),
          errorCode: ErrorCodes.textTooLong,
        },
      };
    }
    if (channel.channel === 'whatsapp' && !localization.contentSid) {
      return {
        result: {
          index,
          tocontactid,
          customerAddress,
          status: 'failed',
          errorCode: ErrorCodes.templateNotFound,
          language: localization.language,
          message: `Template "${template.name}" has no approved WhatsApp version (contentSid) for "${localization.language}".`,
        },
      };
    }

    const used = Object.fromEntries(placeholdersIn(localization.text).map((name) => [name, values[name].trim()]));
    let stored: { message: MessageRow; send: store.SendRow };
    try {
      stored = await db.transaction(async (tx) => {
        const message = await messages.insertOutboundMessage(tx, {
          orgId,
          channel: channel.channel,
          channelAddress: channel.address,
          customerAddress,
          text: filled.text,
          template: { name: template.name, language: localization.language, values: used },
          provider: channel.provider,
          now: clock.now(),
        });
        const send = await store.insertSend(
          tx,
          { ...base, dedupe_key: dedupeKey, message_id: message.id, language: localization.language },
          clock.now(),
        );
        return { message, send };
      });
    } catch (error) {
      // the same key twice at once (a retry racing the original, or the number twice in one list): the first won
      if (dedupeKey && isUniqueViolation(error)) {
        const winner = (await store.findSendsByDedupeKeys(db, orgId, [dedupeKey])).get(dedupeKey);
        if (winner) return { result: fromLog(winner, index, tocontactid) };
      }
      throw error;
    }

    const after = await this.deps.conversations.sendOutbound(stored.message, {
      channel: channel.channel,
      channel_address: channel.address,
      customer_address: customerAddress,
    });
    const result: OutboundContactResult = {
      index,
      tocontactid,
      customerAddress,
      status: 'sent',
      messageId: after.id,
      messageStatus: after.status,
      language: localization.language,
    };
    if (after.status === 'failed') {
      if (after.error_code === ErrorCodes.customerOptedOut) {
        // the provider knows the customer unsubscribed (Twilio 21610): remember it, and report it as a skip
        await recordOptOutChange(db, {
          orgId,
          channel: channel.channel,
          channelAddress: channel.address,
          customerAddress,
          optedOut: true,
          keyword: 'STOP',
          source: channel.provider,
          at: clock.now(),
        });
        await store.setSendOutcome(db, stored.send.id, 'skipped_opted_out', after.error_code, after.error_detail);
        return {
          result: {
            ...result,
            status: 'skipped_opted_out',
            errorCode: after.error_code,
            message: after.error_detail ?? 'The customer unsubscribed.',
          },
        };
      }
      await store.setSendOutcome(db, stored.send.id, 'failed', after.error_code, after.error_detail);
      return {
        result: {
          ...result,
          status: 'failed',
          errorCode: after.error_code ?? ErrorCodes.providerError,
          message: after.error_detail ?? 'The provider did not take the message.',
        },
      };
    }
    return { result, sendId: stored.send.id };
  }

  /** New timeline activities reach the agent of each customer's conversation, where there is one (one look-up per request). */
  private async announceActivities(
    orgId: string,
    channel: ChannelEntry,
    sent: Array<{ sendId: string; customerAddress: string }>,
  ): Promise<void> {
    if (sent.length === 0) return;
    const existing = await conversations.findConversationsByAddresses(
      this.deps.db,
      orgId,
      channel.channel,
      channel.address,
      sent.map((s) => s.customerAddress),
    );
    for (const { sendId, customerAddress } of sent) {
      const conversation = existing.get(customerAddress);
      if (!conversation) continue;
      const activity = await store.findActivity(this.deps.db, orgId, sendId);
      if (activity)
        this.deps.notifier.outboundActivityAdded(conversation, { ...activity, conversationId: conversation.id });
    }
  }

  // ---- timeline ----

  /** The outbound activities of a conversation's customer on its number (hub method getOutboundActivities). */
  async activitiesFor(agent: AgentPrincipal, conversationId: string): Promise<OutboundActivity[]> {
    const conversation = await readableConversation(this.deps.db, agent, conversationId);
    if (conversation.channel !== 'sms' && conversation.channel !== 'whatsapp') return [];
    const activities = await store.listActivities(
      this.deps.db,
      agent.organisationId,
      conversation.channel,
      conversation.channel_address,
      conversation.customer_address,
    );
    return activities.map((a) => ({ ...a, conversationId: conversation.id }));
  }

  // ---- schedules ----

  async createSchedule(orgId: string, configurationId: string, body: ScheduleBody): Promise<OutboundSchedule> {
    const configuration = await this.configurationRow(orgId, configurationId);
    const contacts = body.ContactList;
    // A schedule's contacts are checked now, whole: nobody is there to read a per-contact answer when it runs.
    contacts.forEach((raw, index) => {
      const contact = parseContact(raw);
      if (!contact.ok)
        throw new DomainError(
          ErrorCodes.invalidRequest,
          `ContactList.${index}.${contact.message}`,
          400,
          `ContactList.${index}.${contact.field}`,
        );
      if (contact.contact.channelid !== configuration.channel) {
        throw new DomainError(
          ErrorCodes.invalidRequest,
          `ContactList.${index}.channelid: this configuration sends on ${configuration.channel}.`,
          400,
          `ContactList.${index}.channelid`,
        );
      }
    });
    const now = this.deps.clock.now();
    const first = firstOccurrence(body.schedule, now);
    if (!first)
      throw new DomainError(
        ErrorCodes.invalidRequest,
        'schedule: it would never run (its time, or until, is in the past).',
        400,
        'schedule',
      );
    const row = await store.insertSchedule(
      this.deps.db,
      {
        orgId,
        configurationId: configuration.id,
        name: body.name ?? null,
        schedule: body.schedule,
        contacts,
        nextRunAt: first,
      },
      now,
    );
    return store.toSchedule(row);
  }

  async listSchedules(orgId: string): Promise<OutboundSchedule[]> {
    return (await store.listSchedules(this.deps.db, orgId)).map(store.toSchedule);
  }

  async getSchedule(orgId: string, id: string): Promise<OutboundSchedule> {
    const row = UUID.test(id) ? await store.findSchedule(this.deps.db, orgId, id) : null;
    if (!row) throw new DomainError(ErrorCodes.notFound, `No outbound schedule ${id}.`);
    return store.toSchedule(row);
  }

  async deleteSchedule(orgId: string, id: string): Promise<void> {
    if (!UUID.test(id) || !(await store.deleteSchedule(this.deps.db, orgId, id, this.deps.clock.now()))) {
      throw new DomainError(ErrorCodes.notFound, `No outbound schedule ${id}.`);
    }
  }

  /**
   * Sends one occurrence of a schedule (claimed by the scheduler). Its contacts' dedupe keys name the occurrence, so
   * finishing an occurrence a stopped hub left half done sends only to those it had not reached.
   */
  async runOccurrence(schedule: store.ScheduleRow, occurrence: Date): Promise<OutboundContactResult[]> {
    const configuration = await store.findConfiguration(this.deps.db, schedule.org_id, schedule.configuration_id);
    if (!configuration) return [];
    return this.sendContacts(
      configuration,
      schedule.contacts.slice(0, MAX_OUTBOUND_CONTACTS).map((raw, index) => ({ raw, index })),
      {
        trigger: 'schedule',
        triggerRef: schedule.id,
        dedupePrefix: `schedule:${schedule.id}:${occurrence.toISOString()}`,
      },
    );
  }
}

type CheckedContact =
  { ok: true; contact: ParsedContact; customerAddress: string } | { ok: false; field: string; message: string };

/** A contact's shape, configuration, channel and number, before anything is looked up. */
function checkContact(configuration: store.ConfigurationRow, channel: ChannelEntry, raw: unknown): CheckedContact {
  const parsed = parseContact(raw);
  if (!parsed.ok) return parsed;
  const contact = parsed.contact;
  if (contact.configurationid && contact.configurationid !== configuration.id) {
    return {
      ok: false,
      field: 'configurationid',
      message: `configurationid: this request is for configuration ${configuration.id}.`,
    };
  }
  if (contact.channelid !== configuration.channel) {
    return {
      ok: false,
      field: 'channelid',
      message: `channelid: configuration "${configuration.name}" sends on ${configuration.channel}, not ${contact.channelid}.`,
    };
  }
  const customerAddress = customerAddressFor(channel.provider, contact.tocontactid);
  if (!customerAddress)
    return {
      ok: false,
      field: 'tocontactid',
      message: `tocontactid: "${contact.tocontactid}" is not a phone number in international format.`,
    };
  return { ok: true, contact, customerAddress };
}

/** Placeholder values for a contact: its context items, with CustomerName and CaseName from their own fields. */
function placeholderValues(contact: ParsedContact): Record<string, string> {
  return { ...contact.contextitems, CustomerName: contact.CustomerName, CaseName: contact.CaseName };
}

function withoutConfigurationId(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { configurationid: _ignored, ...rest } = raw as Record<string, unknown>;
  return rest;
}

/** An earlier attempt under the same dedupe key, as this request's answer (nothing is sent again). */
function fromLog(row: store.LoggedSend, index: number, tocontactid: string): OutboundContactResult {
  return {
    index,
    tocontactid,
    customerAddress: row.customer_address,
    status: row.outcome,
    ...(row.message_id ? { messageId: row.message_id } : {}),
    ...(row.message_status ? { messageStatus: row.message_status } : {}),
    ...(row.language ? { language: row.language } : {}),
    ...(row.error_code ? { errorCode: row.error_code } : {}),
    ...(row.error_detail ? { message: row.error_detail } : {}),
    duplicate: true,
  };
}

function configurationNotFound(id: string): DomainError {
  return new DomainError(ErrorCodes.notFound, `No outbound configuration ${id}.`);
}

function nameTaken(name: string): DomainError {
  return new DomainError(
    ErrorCodes.conflict,
    `name: an outbound configuration is already called "${name}".`,
    409,
    'name',
  );
}
