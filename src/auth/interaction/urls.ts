/** URLs of the interaction pages, built from the route table. */
import { urlFor } from '../../routes.js';

export function interactionUrl(root: string, uid: string): string {
  return `${urlFor(root, 'interaction')}/${encodeURIComponent(uid)}`;
}
