// Sends identify, page and track for userId user-RUN_ID with a server-side library, as a backend
// would: RudderStack's Node SDK (@rudderstack/rudder-sdk-node: one gzip batch to /v1/batch,
// declared application/x-www-form-urlencoded) or Jitsu's @jitsu/js in server-to-server mode
// (/api/s/s2s/{type} with X-Write-Key).
// Environment: CDP_HOST (http://127.0.0.1:PORT), CDP_WRITE_KEY, RUN_ID, CLIENT (rudderstack or jitsu-node).
// Exits 1 when the library reports an error.
import RudderAnalytics from '@rudderstack/rudder-sdk-node'
import { jitsuAnalytics } from '@jitsu/js'

const host = process.env.CDP_HOST
const writeKey = process.env.CDP_WRITE_KEY
const runId = process.env.RUN_ID
const client = process.env.CLIENT
if (!host || !writeKey || !runId || !['rudderstack', 'jitsu-node'].includes(client)) {
  console.error('set CDP_HOST, CDP_WRITE_KEY, RUN_ID and CLIENT (rudderstack or jitsu-node)')
  process.exit(2)
}
const userId = `user-${runId}`
const traits = { email: 'node@example.com', run: runId }

if (client === 'rudderstack') {
  let failed = false
  const rudder = new RudderAnalytics(writeKey, {
    dataPlaneUrl: host,
    flushAt: 3,
    flushInterval: 200,
    retryCount: 0,
    errorHandler: (error) => {
      failed = true
      console.error('rudder-sdk-node error:', error?.response?.status, error?.response?.data ?? error?.message)
    },
  })
  rudder.identify({ userId, traits })
  rudder.page({ userId, name: 'Home', properties: { run: runId } })
  rudder.track({ userId, event: 'Signed Up', properties: { plan: 'pro', run: runId } })
  await rudder.flush()
  console.log(failed ? 'batch refused' : 'batch sent')
  process.exit(failed ? 1 : 0)
} else {
  const jitsu = jitsuAnalytics({ host, writeKey, s2s: true, errorPolicy: 'rethrow' })
  await jitsu.identify(userId, traits)
  await jitsu.page('Home', { run: runId })
  await jitsu.track('Signed Up', { plan: 'pro', run: runId })
  console.log('events sent')
  process.exit(0)
}
