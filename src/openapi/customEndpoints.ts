/**
 * The contract's custom endpoints, described here once so /api/openapi.json lists them
 * whichever domain implements them. Paths are written the way Payload routes them
 * (`:param`); the merge turns them into OpenAPI templates. Response bodies reference the
 * collection schemas payload-oapi generates. tests/openapi checks that every endpoint
 * registered in the config is described here.
 */
import { bookingEndpoints, paymentEndpoints } from './contract/bookings'
import { catalogEndpoints } from './contract/catalog'
import { communityEndpoints } from './contract/community'
import type { ContractEndpoint } from './contract/describe'
import { duplicateEndpoints } from './contract/duplicates'
import { emergencyEndpoints } from './contract/emergency'
import { serviceEndpoints } from './contract/service'
import { accountEndpoints, signInEndpoints } from './contract/signIn'

export type { ContractEndpoint }

export const contractEndpoints: ContractEndpoint[] = [
  ...signInEndpoints,
  ...accountEndpoints,
  ...catalogEndpoints,
  ...bookingEndpoints,
  ...paymentEndpoints,
  ...communityEndpoints,
  ...emergencyEndpoints,
  ...serviceEndpoints,
  ...duplicateEndpoints,
]
