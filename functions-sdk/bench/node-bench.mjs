// The Node.js side of `cdp functions bench --compare-node`: runs one function over the same
// NDJSON events as the Java side, with the same work per event (parse the event JSON, build ctx,
// await the function, apply the return-value rules, serialise the output), single-threaded.
// Prints "progress <seconds> <events>" lines while running and one JSON line at the end.
//
//   node node-bench.mjs FUNCTION.mjs EVENTS.ndjson WARMUP_MS DURATION_MS [PROPS_JSON]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [functionPath, eventsPath, warmupMs, durationMs, propsJson] = process.argv.slice(2);
const fn = (await import(pathToFileURL(functionPath).href)).default;
const lines = readFileSync(eventsPath, "utf8").split("\n").filter((line) => line.trim() !== "");
const props = propsJson ? JSON.parse(propsJson) : {};

const memory = new Map();
const store = {
  get: async (key) => (memory.has(key) ? JSON.parse(memory.get(key)) : undefined),
  set: async (key, value) => { memory.set(key, JSON.stringify(value)); },
  del: async (key) => { memory.delete(key); },
  ttl: async (key) => (memory.has(key) ? -1 : -2),
  getWithTTL: async (key) => (memory.has(key) ? { value: JSON.parse(memory.get(key)), ttl: -1 } : undefined),
  getOrSet: async (key, value) => {
    if (!memory.has(key)) memory.set(key, JSON.stringify(value));
    return JSON.parse(memory.get(key));
  },
};
const noop = () => {};
const log = { debug: noop, info: noop, warn: noop, error: noop };
const refuse = async () => { throw new TypeError("fetch is not available in the benchmark"); };

let errors = 0;
let outputBytes = 0;

async function runOne(line) {
  const event = JSON.parse(line);
  const ctx = {
    props, headers: {}, source: { id: "bench", type: "browser" }, workspace: { id: "bench" },
    receivedAt: new Date(), retries: 0, log, fetch: refuse, store,
  };
  try {
    const result = await fn(event, ctx);
    if (result === undefined) {
      outputBytes += JSON.stringify(event).length;
    } else if (result === null || result === false || result === "drop" || (Array.isArray(result) && result.length === 0)) {
      // dropped
    } else {
      for (const item of Array.isArray(result) ? result : [result]) outputBytes += JSON.stringify(item).length;
    }
  } catch (error) {
    errors++;
  }
}

async function runFor(ms, report) {
  const started = performance.now();
  let count = 0;
  let nextReport = started + 1000;
  for (;;) {
    for (let i = 0; i < 256; i++) {
      await runOne(lines[count % lines.length]);
      count++;
    }
    const now = performance.now();
    if (now - started >= ms) return { count, seconds: (now - started) / 1000 };
    if (report && now >= nextReport) {
      console.log(`progress ${((now - started) / 1000).toFixed(1)} ${count}`);
      nextReport += 1000;
    }
  }
}

await runFor(Number(warmupMs), false);
errors = 0;
const measured = await runFor(Number(durationMs), true);
console.log(JSON.stringify({
  events: measured.count,
  seconds: measured.seconds,
  eventsPerSecond: measured.count / measured.seconds,
  errors,
  node: process.version,
}));
