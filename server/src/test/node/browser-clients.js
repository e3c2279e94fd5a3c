// Runs a browser analytics library in headless Chromium on a page of another origin than the CDP
// server, as a website would: Segment's analytics.js (@segment/analytics-next, its standalone
// bundle with the usual snippet, settings fetched from the server as from Segment's CDN) or
// Jitsu's @jitsu/js (its ES module). The page sends identify, page and track for userId
// user-RUN_ID; this script waits until the server has answered every one of them.
// Environment: CDP_HOST (http://127.0.0.1:PORT), CDP_WRITE_KEY, RUN_ID, CLIENT (segment,
// segment-batching or jitsu), CHROMIUM (default /usr/bin/chromium).
// Prints one line per answer of the server; exits 1 on a refused call or when time runs out.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import puppeteer from 'puppeteer-core'

const host = process.env.CDP_HOST
const writeKey = process.env.CDP_WRITE_KEY
const runId = process.env.RUN_ID
const client = process.env.CLIENT
if (!host || !writeKey || !runId || !['segment', 'segment-batching', 'jitsu'].includes(client)) {
  console.error('set CDP_HOST, CDP_WRITE_KEY, RUN_ID and CLIENT (segment, segment-batching or jitsu)')
  process.exit(2)
}
const TIME_LIMIT_MS = 40000
const here = path.dirname(fileURLToPath(import.meta.url))
const userId = `user-${runId}`

// What the page runs. Values reach it as JSON, never pasted into code unquoted.
const pageConfig = JSON.stringify({ host, writeKey, userId, runId, batching: client === 'segment-batching' })
const pages = {
  segment: `<!doctype html><title>shop</title><script>
    const config = ${pageConfig};
    // Segment's snippet, reduced to what it does: a queue under window.analytics, the key, the CDN.
    const analytics = window.analytics = [];
    for (const method of ['identify', 'page', 'track']) {
      analytics[method] = (...args) => { analytics.push([method, ...args]); return analytics; };
    }
    analytics._writeKey = config.writeKey;
    analytics._cdn = config.host;
    analytics._loadOptions = config.batching
      ? { integrations: { 'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 3, timeout: 500 } } } } }
      : {};
    analytics.identify(config.userId, { email: 'browser@example.com', run: config.runId });
    analytics.page('Home', { run: config.runId });
    analytics.track('Signed Up', { plan: 'pro', run: config.runId });
  </script><script src="/analytics-next/standalone.js"></script>`,
  jitsu: `<!doctype html><title>shop</title><script type="module">
    import { jitsuAnalytics } from '/jitsu/jitsu.es.js';
    const config = ${pageConfig};
    const jitsu = jitsuAnalytics({ host: config.host, writeKey: config.writeKey, errorPolicy: 'rethrow' });
    await jitsu.identify(config.userId, { email: 'browser@example.com', run: config.runId });
    await jitsu.page('Home', { run: config.runId });
    await jitsu.track('Signed Up', { plan: 'pro', run: config.runId });
  </script>`,
}
pages['segment-batching'] = pages.segment

const files = {
  '/analytics-next/': path.join(here, 'node_modules', '@segment', 'analytics-next', 'dist', 'umd'),
  '/jitsu/': path.join(here, 'node_modules', '@jitsu', 'js', 'dist'),
}

const site = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost')
  if (url.pathname === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(pages[client])
    return
  }
  if (url.pathname === '/favicon.ico') {
    response.writeHead(204).end()
    return
  }
  for (const [prefix, dir] of Object.entries(files)) {
    const file = path.join(dir, url.pathname.slice(prefix.length))
    if (url.pathname.startsWith(prefix) && file.startsWith(dir) && fs.existsSync(file)) {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(fs.readFileSync(file))
      return
    }
  }
  console.log(`page server: 404 ${url.pathname}`)
  response.writeHead(404).end()
})
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve))
const siteUrl = `http://127.0.0.1:${site.address().port}/`
console.log(`page ${siteUrl} (${client}) sends to ${host}`)

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  timeout: 20000,
})
let failed = false
let events = 0
const expected = client === 'segment-batching' ? 1 : 3
const eventPath = client === 'jitsu' ? /\/api\/s\/(identify|page|track)$/
  : client === 'segment-batching' ? /\/v1\/b$/ : /\/v1\/[ipt]$/
let finish
const finished = new Promise((resolve) => { finish = resolve })
try {
  const page = await browser.newPage()
  page.on('console', (message) => console.log(`page console ${message.type()}: ${message.text()}`))
  page.on('pageerror', (error) => { failed = true; console.log(`page error: ${error.message}`) })
  page.on('requestfailed', (request) => {
    failed = true
    console.log(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`)
  })
  page.on('response', (response) => {
    const request = response.request()
    if (!response.url().startsWith(host)) return
    console.log(`HTTP ${response.status()} ${request.method()} ${response.url()}`)
    if (response.status() >= 400) failed = true
    if (request.method() === 'POST' && eventPath.test(new URL(response.url()).pathname) && response.ok()) {
      if (++events === expected) finish()
    }
  })
  await page.goto(siteUrl, { waitUntil: 'load', timeout: 20000 })
  const timer = setTimeout(finish, TIME_LIMIT_MS)
  await finished
  clearTimeout(timer)
} finally {
  await browser.close()
  site.close()
}
console.log(`${events} of ${expected} event requests answered 2xx`)
process.exit(failed || events < expected ? 1 : 0)
