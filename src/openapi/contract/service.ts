import { get, json, object, type ContractEndpoint } from './describe'

export const serviceEndpoints: ContractEndpoint[] = [
  get('/api/health', {
    tag: 'Service',
    summary: 'Liveness with database status',
    who: 'anyone',
    responses: {
      '200': json(
        'Up',
        object({
          status: { type: 'string', enum: ['ok'] },
          database: object({ status: { type: 'string' }, latencyMs: { type: 'number' } }),
        }),
      ),
      '503': json(
        'Database unreachable',
        object({ status: { type: 'string' }, database: { type: 'object' } }),
      ),
    },
  }),
  get('/api/openapi.json', {
    tag: 'Service',
    summary: 'This OpenAPI document',
    who: 'anyone',
    responses: { '200': json('OpenAPI 3.0 document', { type: 'object' }) },
  }),
  get('/api/docs', {
    tag: 'Service',
    summary: 'Interactive API documentation (Swagger UI, served locally)',
    who: 'anyone',
    responses: {
      '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
    },
  }),
  get('/api/docs/:asset', {
    tag: 'Service',
    summary: 'A script or stylesheet of the docs page, from the installed swagger-ui-dist',
    who: 'anyone',
    responses: {
      '200': {
        description: 'The file',
        content: {
          'application/javascript': { schema: { type: 'string' } },
          'text/css': { schema: { type: 'string' } },
        },
      },
    },
  }),
]
