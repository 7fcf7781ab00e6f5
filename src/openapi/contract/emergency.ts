import { docMessage, object, post, type ContractEndpoint } from './describe'

const HANDLERS = ['ops_manager', 'cs', 'super_admin']

const note = (required: boolean) =>
  object({ note: { type: 'string', maxLength: 2000 } }, required ? ['note'] : [])

export const emergencyEndpoints: ContractEndpoint[] = [
  post('/api/incidents', {
    tag: 'SOS',
    summary: "Raise an SOS (the trekker's app)",
    description:
      'Idempotent on clientId: a retry answers 200 with the incident already recorded and ' +
      'alerts nobody again; the first answers 201. A missing or impossible position is ' +
      'stored as unknown, a bad time as now. 409 when the clientId is another trekker’s.',
    who: ['trekker'],
    body: object(
      {
        clientId: { type: 'string', maxLength: 100, description: 'Unique id of this SOS' },
        latitude: { type: 'number', minimum: -90, maximum: 90 },
        longitude: { type: 'number', minimum: -180, maximum: 180 },
        occurredAt: { type: 'string', format: 'date-time' },
        message: { type: 'string', maxLength: 2000 },
        batch: { type: 'integer', description: 'The batch the trekker is on, if known' },
      },
      ['clientId'],
    ),
    responses: {
      '201': docMessage('SOS received', 'Incident'),
      '200': docMessage('SOS already received', 'Incident'),
    },
    alsoErrors: [409],
  }),
  post('/api/incidents/:id/acknowledge', {
    tag: 'SOS',
    summary: 'Acknowledge an incident, with an optional note (ops, cs)',
    who: HANDLERS,
    body: note(false),
    responses: { '200': docMessage('Incident updated', 'Incident') },
    alsoErrors: [400],
  }),
  post('/api/incidents/:id/notes', {
    tag: 'SOS',
    summary: "Add a note to an incident's log (ops, cs)",
    who: HANDLERS,
    body: note(true),
    responses: { '200': docMessage('Incident updated', 'Incident') },
  }),
  post('/api/incidents/:id/resolve', {
    tag: 'SOS',
    summary: 'Resolve an incident, with an optional note (ops, cs)',
    who: HANDLERS,
    body: note(false),
    responses: { '200': docMessage('Incident updated', 'Incident') },
    alsoErrors: [400],
  }),
]
