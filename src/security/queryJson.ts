import config from '@payload-config'
import { getPayload } from 'payload'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

/** Query parameters Payload reads as JSON when sent whole (`?where={"status":{"equals":"open"}}`). */
const JSON_PARAMETERS = ['where', 'data'] as const

function notJson(params: URLSearchParams): (typeof JSON_PARAMETERS)[number] | undefined {
  return JSON_PARAMETERS.find((name) => {
    const value = params.get(name)
    if (!value) {
      return false
    }
    try {
      JSON.parse(value)
      return false
    } catch {
      return true
    }
  })
}

/**
 * Payload parses a whole `where` (or `data`) query parameter with JSON.parse before any hook
 * runs, and logs the SyntaxError of a malformed one as an ERROR with its stack before the
 * afterError hook turns it into a 400 (src/security/inputErrorsAre400.ts): anyone could fill
 * the error log with `?where={bad`. Such a request is answered here instead, naming the
 * parameter, and logged as the refusal it is.
 */
export function withQueryJsonChecked<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const url = new URL(request.url)
    const name = url.search ? notJson(url.searchParams) : undefined
    return name ? refuse(name) : handler(request, context)
  }
}

/**
 * The URL Payload reads a POST-for-GET request as (`X-Payload-HTTP-Method-Override: GET`),
 * built as its handleEndpoints does: the form's text joined to the URL (`<url>?<form>`), or a
 * JSON body's `locale` pasted in as it is. Undefined when the request is not one.
 */
async function urlPayloadReads(request: Request): Promise<string | undefined> {
  const override =
    request.method === 'POST' &&
    (request.headers.get('X-Payload-HTTP-Method-Override') === 'GET' ||
      request.headers.get('X-HTTP-Method-Override') === 'GET')
  const type = request.headers.get('Content-Type')
  if (!override) {
    return undefined
  }
  if (type === 'application/x-www-form-urlencoded') {
    return `${request.url}?${await request.clone().text()}`
  }
  if (type === 'application/json') {
    const data = (await request
      .clone()
      .json()
      .catch(() => undefined)) as { locale?: unknown; fallbackLocale?: unknown } | undefined
    let url = request.url
    if (data?.locale) {
      url += `?locale=${String(data.locale)}`
    }
    if (data?.fallbackLocale) {
      url += `&fallbackLocale=`
    }
    return url
  }
  return undefined
}

/**
 * The same check of the admin's POST-for-GET form, on the URL Payload will read (review rounds
 * 41 and 42: a malformed `where` in the form, split between the form and the URL, or pasted in
 * through a JSON body's `locale`, was logged at ERROR). Runs inside the body limit, on a copy
 * of the body Payload reads after it.
 */
export function withOverrideQueryChecked<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const url = await urlPayloadReads(request)
    const name = url && URL.canParse(url) ? notJson(new URL(url).searchParams) : undefined
    return name ? refuse(name) : handler(request, context)
  }
}

async function refuse(name: (typeof JSON_PARAMETERS)[number]): Promise<Response> {
  const payload = await getPayload({ config })
  payload.logger.info({ msg: 'Request refused: a query parameter is not JSON', parameter: name })
  return Response.json(
    {
      errors: [
        {
          message:
            `${name} in the query string is not valid JSON: send it as JSON, or as ` +
            (name === 'where' ? 'where[field][operator]=value' : 'data[field]=value'),
        },
      ],
    },
    { status: 400 },
  )
}
