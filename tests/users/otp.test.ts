import { otpScenarios } from './helpers/otpScenarios'

otpScenarios('postgres')
