export { appLogger, privacyLoggerOptions, type LoggerOptions } from './logger'
export { maskPhoneNumber, scrubText, scrubValue } from './scrub'
export { loggingLevels, logApiErrorsByStatus, logGraphqlErrorsByStatus } from './errorLevels'
