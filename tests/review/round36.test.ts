/**
 * Thirty-sixth review round (header written at the end).
 */
import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

/** A small seeded random generator, so a failing walk can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

type Held = { token: string; refreshToken: string; at: number }

describe('sessions under random interleavings', () => {
  it('no token issued before a sign-out everywhere or a password change works after it', async () => {
    const problems: string[] = []
    for (let seed = 1; seed <= 6; seed++) {
      const random = rng(seed)
      const user = await createUser(payload, null)
      let password = TEST_PASSWORD
      const live: Held[] = []
      let clock = 0
      const login = async () => {
        const res = await api('POST', '/users/login', {
          body: { email: user.email, password },
        })
        if (res.status !== 200) {
          problems.push(`seed ${seed}: login ${res.status} ${JSON.stringify(res.body)}`)
          return
        }
        live.push({ token: res.body.token, refreshToken: res.body.refreshToken, at: ++clock })
      }
      await login()
      await login()
      for (let step = 0; step < 14; step++) {
        const pick = random()
        if (pick < 0.25) {
          await login()
        } else if (pick < 0.55 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/token/refresh', {
            body: { refreshToken: held.refreshToken },
          })
          if (res.status === 200) {
            // The old access token is replaced by the new one.
            const old = await api('GET', '/users/me', { token: held.token })
            if (old.status === 200 && old.body.user) {
              problems.push(`seed ${seed}: access token still works after its refresh`)
            }
            held.token = res.body.token
            held.refreshToken = res.body.refreshToken
          } else {
            live.splice(live.indexOf(held), 1)
          }
        } else if (pick < 0.7 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/logout', { token: held.token })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: logout ${res.status}`)
          }
          const again = await api('POST', '/users/token/refresh', {
            body: { refreshToken: held.refreshToken },
          })
          if (again.status !== 401) {
            problems.push(`seed ${seed}: refresh after logout ${again.status}`)
          }
          live.splice(live.indexOf(held), 1)
        } else if (pick < 0.85 && live.length) {
          const held = live[Math.floor(random() * live.length)]
          const res = await api('POST', '/users/logout?allSessions=true', { token: held.token })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: logout all ${res.status}`)
          }
          for (const other of live) {
            const me = await api('GET', '/users/me', { token: other.token })
            if (me.body?.user) {
              problems.push(`seed ${seed}: access token alive after logout everywhere`)
            }
            const r = await api('POST', '/users/token/refresh', {
              body: { refreshToken: other.refreshToken },
            })
            if (r.status !== 401) {
              problems.push(`seed ${seed}: refresh ${r.status} after logout everywhere`)
            }
          }
          live.length = 0
          await login()
        } else if (live.length) {
          const held = live[Math.floor(random() * live.length)]
          const next = `New-pass-${seed}-${step}-x`
          const res = await api('PATCH', `/users/${user.id}`, {
            token: held.token,
            body: { password: next, currentPassword: password },
          })
          if (res.status !== 200) {
            problems.push(`seed ${seed}: password change ${res.status} ${JSON.stringify(res.body)}`)
            continue
          }
          password = next
          for (const other of live) {
            const me = await api('GET', '/users/me', { token: other.token })
            if (me.body?.user) {
              problems.push(`seed ${seed}: access token alive after password change`)
            }
            const r = await api('POST', '/users/token/refresh', {
              body: { refreshToken: other.refreshToken },
            })
            if (r.status !== 401) {
              problems.push(`seed ${seed}: refresh ${r.status} after password change`)
            }
          }
          live.length = 0
          await login()
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('concurrent refreshes, logouts and password changes leave no live token behind', async () => {
    const problems: string[] = []
    for (let round = 0; round < 6; round++) {
      const user = await createUser(payload, null)
      const sessions: Held[] = []
      for (let i = 0; i < 4; i++) {
        const res = await api('POST', '/users/login', {
          body: { email: user.email, password: TEST_PASSWORD },
        })
        sessions.push({ token: res.body.token, refreshToken: res.body.refreshToken, at: i })
      }
      const results = await Promise.all([
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[0].refreshToken } }),
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[1].refreshToken } }),
        round % 2
          ? api('POST', '/users/logout?allSessions=true', { token: sessions[2].token })
          : api('PATCH', `/users/${user.id}`, {
              token: sessions[2].token,
              body: { password: 'Another-pass-99', currentPassword: TEST_PASSWORD },
            }),
        api('POST', '/users/token/refresh', { body: { refreshToken: sessions[3].refreshToken } }),
      ])
      const ended = results[2]
      if (ended.status !== 200) {
        problems.push(`round ${round}: end ${ended.status} ${JSON.stringify(ended.body)}`)
        continue
      }
      for (const [i, res] of results.entries()) {
        if (i === 2 || res.status !== 200) {
          if (i !== 2 && res.status >= 500) problems.push(`round ${round}: ${i} ${res.status}`)
          continue
        }
        const me = await api('GET', '/users/me', { token: res.body.token })
        if (me.body?.user) {
          problems.push(`round ${round}: refreshed session ${i} alive after the sign-out`)
        }
        const r = await api('POST', '/users/token/refresh', {
          body: { refreshToken: res.body.refreshToken },
        })
        if (r.status === 200) {
          problems.push(`round ${round}: refreshed token ${i} rotates after the sign-out`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('GraphQL loginUser and logoutUser', async () => {
    const user = await createUser(payload, null)
    const res = await graphql<any>(
      `mutation { loginUser(email: "${user.email}", password: "${TEST_PASSWORD}") { token exp user { id email } } }`,
    )
    expect(res.body.errors).toBeUndefined()
    const token = res.body.data.loginUser.token as string
    const out = await graphql<any>(`mutation { logoutUser }`, undefined, token)
    expect(out.body.errors).toBeUndefined()
    const me = await api('GET', '/users/me', { token })
    expect(me.body.user).toBeFalsy()
    void roles
  })
})
