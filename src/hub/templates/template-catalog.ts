/** The organisations' approved templates, from the configuration. */
import type { MessageTemplate, TemplateLocalization } from '../../protocol/templates.js';
import type { HubConfig } from '../config/config-schema.js';

export class TemplateCatalog {
  private readonly byOrg = new Map<string, MessageTemplate[]>();

  constructor(config: HubConfig) {
    for (const org of config.organisations) this.byOrg.set(org.id, org.templates);
  }

  list(orgId: string): MessageTemplate[] {
    return this.byOrg.get(orgId) ?? [];
  }

  find(orgId: string, name: string): MessageTemplate | undefined {
    return this.list(orgId).find((t) => t.name === name);
  }

  localization(orgId: string, name: string, language: string): TemplateLocalization | undefined {
    return this.find(orgId, name)?.localizations.find((l) => l.language === language);
  }
}
