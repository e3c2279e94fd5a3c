// The per-event work of `cdp functions bench` for the engines that run it in plain JavaScript:
// Node.js (node-bench.mjs) and "GraalJS alone" (GraalJsAloneBench in the CLI, a plain GraalJS
// context). Both run this one file, so they do exactly the same work; it therefore uses plain
// ECMAScript only (no Node.js APIs; the clock is passed in). Per event: parse the event's JSON,
// build ctx, await the function, apply the return-value rules, serialise each output.

/**
 * A benchmark of `fn` over the NDJSON `eventsText`, with `propsJson` (JSON text or empty) as
 * ctx.props and `now()` a clock in milliseconds. Returns `{ runFor }`.
 */
export function benchmark(fn, eventsText, propsJson, now) {
  const lines = eventsText.split("\n").filter((line) => line.trim() !== "");
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
  let outputChars = 0; // the outputs are used, as the rotor uses them

  async function runOne(line) {
    const event = JSON.parse(line);
    const ctx = {
      props, headers: {}, source: { id: "bench", type: "browser" }, workspace: { id: "bench" },
      receivedAt: new Date(), retries: 0, log, fetch: refuse, store,
    };
    try {
      const result = await fn(event, ctx);
      if (result === undefined) {
        outputChars += JSON.stringify(event).length;
      } else if (result === null || result === false || result === "drop" || (Array.isArray(result) && result.length === 0)) {
        // dropped
      } else {
        for (const item of Array.isArray(result) ? result : [result]) outputChars += JSON.stringify(item).length;
      }
    } catch (error) {
      errors++;
    }
  }

  /**
   * Runs events for `ms` milliseconds, calling `report(seconds, events)` about once a second
   * when given; resolves to `{ events, seconds, errors, outputChars }` of this run only.
   * The clock is read every 16 events: often enough for a slow engine (the interpreter does
   * tens of events a second on compute.js) to stop on time and report each second, rarely
   * enough to cost next to nothing.
   */
  async function runFor(ms, report) {
    errors = 0;
    outputChars = 0;
    const started = now();
    let count = 0;
    let nextReport = started + 1000;
    for (;;) {
      for (let i = 0; i < 16; i++) {
        await runOne(lines[count % lines.length]);
        count++;
      }
      const time = now();
      if (time - started >= ms) return { events: count, seconds: (time - started) / 1000, errors, outputChars };
      if (report && time >= nextReport) {
        report((time - started) / 1000, count);
        nextReport += 1000;
      }
    }
  }

  return { runFor };
}
