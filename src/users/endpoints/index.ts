import { appleSignInEndpoint } from './appleSignIn'
import { emailConfirmEndpoint } from './emailConfirm'
import { emailUndoEndpoint } from './emailUndo'
import { eraseAccountEndpoint } from './eraseAccount'
import { exportMyDataEndpoint } from './exportMyData'
import { googleSignInEndpoint } from './googleSignIn'
import { otpRequestEndpoint } from './otpRequest'
import { otpVerifyEndpoint } from './otpVerify'
import { phoneChangeEndpoint } from './phoneChange'
import { appleLinkEndpoint, googleLinkEndpoint } from './providerLink'
import { signOutEverywhereEndpoint } from './signOutEverywhere'
import { tokenRefreshEndpoint } from './tokenRefresh'

export const userEndpoints = [
  otpRequestEndpoint,
  otpVerifyEndpoint,
  googleSignInEndpoint,
  googleLinkEndpoint,
  appleSignInEndpoint,
  appleLinkEndpoint,
  tokenRefreshEndpoint,
  phoneChangeEndpoint,
  emailConfirmEndpoint,
  emailUndoEndpoint,
  signOutEverywhereEndpoint,
  exportMyDataEndpoint,
  eraseAccountEndpoint,
]
