/**
 * Demo mode only: POST /demo/token {"agentId", "organisationId"?} issues a token for an agent of the
 * configuration, standing in for the integrator's own token service. Never registered outside demo mode.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/errors.js';
import { issueAgentToken, type TokenSettings } from '../auth/agent-token.js';
import type { HubConfig } from '../config/config-schema.js';
import { DomainError } from '../shared/domain-error.js';

const requestSchema = z.object({ agentId: z.string().min(1), organisationId: z.string().min(1).optional() });

export function registerDemoTokenRoute(app: FastifyInstance, config: HubConfig, settings: TokenSettings): void {
  app.withTypeProvider<ZodTypeProvider>().post('/demo/token', { schema: { body: requestSchema } }, async (request) => {
    const { agentId, organisationId } = request.body;
    for (const org of config.organisations) {
      if (organisationId && org.id !== organisationId) continue;
      const agent = org.agents.find((a) => a.id === agentId);
      if (agent) {
        const token = await issueAgentToken(
          settings,
          { agentId: agent.id, organisationId: org.id, displayName: agent.displayName, roles: agent.roles },
          config.auth.demoTokenTtlSeconds,
        );
        return { token, expiresIn: config.auth.demoTokenTtlSeconds };
      }
    }
    throw new DomainError(
      ErrorCodes.notFound,
      `No demo agent "${agentId}"${organisationId ? ` in ${organisationId}` : ''}`,
      404,
      'agentId',
    );
  });
}
