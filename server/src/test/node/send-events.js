// Sends track, identify, page and group events with Segment's official Node.js library
// (@segment/analytics-node) to a CDP server, exactly as an application would.
// Environment: CDP_HOST (e.g. http://127.0.0.1:3049), CDP_WRITE_KEY, RUN_ID (prefix of the messageIds).
// Prints one line per HTTP answer; exits 1 when the library reports an error or a non-2xx answer.
import { Analytics } from '@segment/analytics-node'

const host = process.env.CDP_HOST
const writeKey = process.env.CDP_WRITE_KEY
const runId = process.env.RUN_ID
if (!host || !writeKey || !runId) {
  console.error('set CDP_HOST, CDP_WRITE_KEY and RUN_ID')
  process.exit(2)
}

const analytics = new Analytics({ writeKey, host, flushAt: 10, flushInterval: 200, maxRetries: 1 })
let failed = false
analytics.on('error', (error) => {
  failed = true
  console.error('analytics-node error:', error?.reason ?? error)
})
analytics.on('http_response', (response) => {
  console.log(`HTTP ${response.status} ${response.url}`)
  if (response.status < 200 || response.status >= 300) failed = true
})

const anonymousId = `anon-${runId}`
analytics.track({ anonymousId, event: 'Signed Up', properties: { plan: 'pro', seats: 3 }, messageId: `${runId}-track` })
analytics.identify({ anonymousId, userId: `user-${runId}`, traits: { email: 'node@example.com' }, messageId: `${runId}-identify` })
analytics.page({ anonymousId, name: 'Home', properties: { path: '/' }, messageId: `${runId}-page` })
analytics.group({ anonymousId, groupId: `group-${runId}`, traits: { name: 'Acme' }, messageId: `${runId}-group` })

await analytics.closeAndFlush({ timeout: 20000 })
process.exit(failed ? 1 : 0)
