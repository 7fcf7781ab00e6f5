// Validates an OpenAPI file with swagger-parser in plain Node: the parser, like payload-oapi,
// cannot load under jest (CommonJS requiring ES modules). Prints the title or the errors.
import SwaggerParser from '@apidevtools/swagger-parser'

try {
  const api = await SwaggerParser.validate(process.argv[2])
  console.log(`valid: ${api.info.title}`)
} catch (err) {
  console.error(err.message)
  process.exit(1)
}
