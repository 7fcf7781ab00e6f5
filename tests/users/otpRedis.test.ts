import { otpScenarios } from './helpers/otpScenarios'

// Redis runs on 127.0.0.1:6379 on every machine of this project, CI included.
otpScenarios('redis')
