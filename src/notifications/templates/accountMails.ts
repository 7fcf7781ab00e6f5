import { greet, mail, withLink, type RenderedMail } from './layout'

/** To a new account's address: opening the link proves the address and lets it sign in. */
export function verifyNewAccount(params: { name: string; link: string }): RenderedMail {
  return mail('Confirm your e-mail address for OBS', greet(params.name), [
    withLink(
      'Welcome to the OBS Trekking Tribe. To finish making your account, open this link:',
      params.link,
    ),
    'Until you do, the account cannot sign in with its password. If you did not sign up, ignore ' +
      'this e-mail: nothing happens.',
  ])
}

/** To the new address: the only way to prove it is ours to use is the link in this mail. */
export function emailChangeConfirm(params: {
  name: string
  link: string
  validHours: string
}): RenderedMail {
  return mail('Confirm your new e-mail address for OBS', greet(params.name), [
    'Someone, hopefully you, asked to use this address for their OBS Trekking Tribe account.',
    withLink(`To confirm, open this link within ${params.validHours} hours:`, params.link),
    'Until you confirm, the account keeps signing in with its old address. If you did not ask ' +
      'for this, ignore this e-mail: nothing changes.',
  ])
}

/** To the old address, so a change nobody asked for does not go unnoticed. */
export function emailChangeNotice(params: { name: string; newEmail: string }): RenderedMail {
  return mail('Your OBS e-mail address is being changed', greet(params.name), [
    `A change of your account's e-mail address to ${params.newEmail} was requested. It takes ` +
      'effect only when confirmed from that inbox.',
    'If this was not you, change your password now and reply to this e-mail. If the change is ' +
      'confirmed, this address gets a link to undo it.',
  ])
}

/**
 * To the old address once a change is confirmed: whoever had the password now holds the inbox
 * that resets go to, so the only remedy left to the owner is this link (POST
 * /api/users/email/undo), which puts this address back with a new password.
 */
export function emailChangedUndo(params: {
  name: string
  newEmail: string
  link: string
  validDays: string
}): RenderedMail {
  return mail('Your OBS e-mail address was changed', greet(params.name), [
    `Your OBS Trekking Tribe account's e-mail address was just changed to ${params.newEmail}. ` +
      'From now on that address signs in and receives password resets.',
    withLink(
      'If this was not you, open this link within ' +
        `${params.validDays} days to put this address back and choose a new password; every ` +
        'sign-in to the account ends:',
      params.link,
    ),
    'If it was you, ignore this e-mail.',
  ])
}

export const changedTo = (phoneEnding: string) =>
  phoneEnding ? `changed to one ending in ${phoneEnding}` : 'removed'

/** To the account's address after a phone change: the number signs in by OTP. */
export function phoneChangedNotice(params: { name: string; phoneEnding: string }): RenderedMail {
  return mail('Your OBS phone number was changed', greet(params.name), [
    `Your OBS Trekking Tribe account's phone number was just ${changedTo(params.phoneEnding)}, ` +
      'and every other sign-in to it was ended.',
    'If this was not you, reset your password now with "Forgot password" in the app (a reset ' +
      'ends every sign-in) and reply to this e-mail so that support can restore your number.',
  ])
}

/**
 * To the account's address after a reset or password change took off a recently changed phone
 * (src/users/auth/recentPhone.ts): the owner's own new number has to be proved again.
 */
export function phoneTakenOffNotice(params: { name: string; phoneEnding: string }): RenderedMail {
  return mail('Your OBS phone number was taken off', greet(params.name), [
    `Your OBS Trekking Tribe account's phone number ending in ${params.phoneEnding} was added ` +
      'recently, so your new password took it off, in case someone else had added it. It no ' +
      'longer signs in, and no new account can be opened with it.',
    'If it is your number, sign in with this e-mail address and your password, and add it again ' +
      'under your profile (a code is sent to it). Your bookings, points and posts are all on ' +
      'this account.',
  ])
}

/** To the account's address after a password change: a change nobody asked for can be undone. */
export function passwordChangedNotice(params: { name: string }): RenderedMail {
  return mail('Your OBS password was changed', greet(params.name), [
    "Your OBS Trekking Tribe account's password was just changed, and every sign-in to it " +
      'was ended.',
    'If this was not you, reset your password now with "Forgot password" in the app: the ' +
      'reset link comes to this address, and a reset ends every sign-in again.',
  ])
}

/**
 * To the account's address after a Google or Apple link made from a signed-in session: a way
 * in the holder did not add (a phished password) is ended by signing out everywhere or a reset.
 */
export function providerLinkedNotice(params: { name: string; provider: string }): RenderedMail {
  return mail(`${params.provider} was linked to your OBS account`, greet(params.name), [
    `A ${params.provider} account was just linked to your OBS Trekking Tribe account: signing ` +
      `in with it now opens your account.`,
    'If this was not you, sign out everywhere in the app now, or reset your password with ' +
      '"Forgot password" (the reset link comes to this address): either ends every sign-in, and ' +
      'the links that other sign-ins made go with them. Then reply to this e-mail.',
  ])
}

/** The link Payload's reset page reads its one-time token from; asked for by anyone knowing the address. */
export function passwordReset(params: {
  name: string
  link: string
  validMinutes: string
}): RenderedMail {
  return mail('Reset your OBS password', greet(params.name), [
    'Someone, hopefully you, asked to reset the password of your OBS Trekking Tribe account.',
    withLink(
      `To choose a new password, open this link within ${params.validMinutes} minutes:`,
      params.link,
    ),
    'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  ])
}
