import type { App } from '../../src/app.js';
import type { Scope } from '../../src/modules/api-keys/api-keys.schemas.js';

/** Creates an API key through the service and returns the whole key, as a partner would hold it. */
export async function apiKey(app: App, scopes: Scope[], name = `test-${scopes.join('-')}`): Promise<string> {
  return (await app.services.apiKeys.create({ name, scopes })).key;
}

/** A key that existed and was revoked. */
export async function revokedKey(app: App): Promise<string> {
  const created = await app.services.apiKeys.create({ name: 'revoked', scopes: ['admin'] });
  await app.services.apiKeys.revoke(created.id);
  return created.key;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
