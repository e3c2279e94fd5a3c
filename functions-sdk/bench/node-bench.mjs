// The Node.js side of `cdp functions bench --compare-node`: runs one function over the same
// NDJSON events as the Java side with bench-core.mjs (the same per-event work that "GraalJS
// alone" runs), single-threaded. Prints "progress <seconds> <events>" lines while running and
// one JSON line at the end.
//
//   node node-bench.mjs FUNCTION.mjs EVENTS.ndjson WARMUP_MS DURATION_MS [PROPS_JSON]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { benchmark } from "./bench-core.mjs";

const [functionPath, eventsPath, warmupMs, durationMs, propsJson] = process.argv.slice(2);
const fn = (await import(pathToFileURL(functionPath).href)).default;
const bench = benchmark(fn, readFileSync(eventsPath, "utf8"), propsJson, () => performance.now());

await bench.runFor(Number(warmupMs), null);
const measured = await bench.runFor(Number(durationMs),
  (seconds, events) => console.log(`progress ${seconds.toFixed(1)} ${events}`));
console.log(JSON.stringify({
  events: measured.events,
  seconds: measured.seconds,
  eventsPerSecond: measured.events / measured.seconds,
  errors: measured.errors,
  node: process.version,
}));
