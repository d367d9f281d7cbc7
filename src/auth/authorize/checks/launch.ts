/**
 * SMART App Launch 2.2 EHR launch: the `launch` value the EHR passed to the app must name a
 * live launch made for this client. Unknown, expired or foreign launches are refused.
 */
import { InvalidRequestError } from '../../errors.js';
import type { TtlMap } from '../../ttl-map.js';
import type { LaunchRecord } from '../../tokens/records.js';
import type { AuthorizeParams } from '../params.js';

export function checkLaunch(params: AuthorizeParams, launches: TtlMap<LaunchRecord>, clientId: string): LaunchRecord | undefined {
  const id = params.get('launch');
  if (!id) return undefined;
  const launch = launches.get(id);
  if (!launch) throw new InvalidRequestError('launch is unknown or expired; start the app again from the EHR');
  if (launch.clientId !== clientId) throw new InvalidRequestError(`launch was made for client '${launch.clientId}', not '${clientId}'`);
  return launch;
}
