/** What every interaction page shows: the app, where it will be sent, the form's target and CSRF token. */
import type { Request } from 'express';
import { csrfToken } from '../pages/csrf.js';
import type { PromptName } from './prompts.js';
import type { Interaction } from './types.js';
import { interactionUrl } from './urls.js';

export function commonPageData(req: Request, i: Interaction, prompt: PromptName): Record<string, unknown> {
  return {
    prompt,
    action: interactionUrl(i.root, i.uid),
    csrf: csrfToken(req),
    client: {
      id: i.client.clientId,
      name: i.client.name,
      permissive: i.client.origin === 'permissive',
      redirectHost: new URL(i.redirectUri).host,
    },
    home: `${i.root}/`,
    error: undefined,
  };
}
