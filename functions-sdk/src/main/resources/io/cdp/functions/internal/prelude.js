// The guest half of the function runtime, evaluated once in every pooled context before any
// user code. It turns JSON from the host into the (event, ctx) a Jitsu function expects, and the
// function's return value (or error) back into one JSON string for the host. Everything that
// reaches outside the sandbox (fetch, store, logs) goes through the single `host` object the
// Java side hands to init(); the context has no other way out.
(function () {
  "use strict";

  class RetryError extends Error {
    constructor(message, options) {
      super(message);
      this.name = options && options.drop ? "Drop & RetryError" : "RetryError";
    }
  }

  // Jitsu's functions-lib has it too: an error that must not be retried (here: any plain error).
  class NoRetryError extends Error {
    constructor(message) {
      super(message);
      this.name = "NoRetryError";
    }
  }

  class SandboxViolation extends Error {
    constructor(message) {
      super(message);
      this.name = "SandboxViolation";
    }
  }

  // GraalJS's own host-access globals are already absent (no host access is granted); these
  // stand-ins only make an attempt fail with a clear sandbox error instead of a ReferenceError.
  const denied = (what) =>
    new Proxy({}, {
      get(_target, property) {
        throw new SandboxViolation(`host access is not allowed in functions (${what}.${String(property)})`);
      },
    });
  for (const name of ["load", "loadWithNewGlobal", "print", "printErr", "quit", "read", "readbuffer"]) {
    delete globalThis[name];
  }
  for (const name of ["Java", "Polyglot", "Packages", "java", "javax"]) {
    Object.defineProperty(globalThis, name, { value: denied(name), enumerable: false });
  }

  let host = null;
  let currentLogger = null;

  const describe = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (value === undefined) return "undefined";
    try {
      return JSON.stringify(value);
    } catch (_notJson) {
      return String(value);
    }
  };
  const format = (message, args) => [message, ...args].map(describe).join(" ");

  const makeLogger = () => {
    const at = (level) => (message, ...args) => host.log(level, format(message, args));
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  };

  // console.* inside a function lands in the same per-call log as ctx.log.
  const consoleLevel = (level) => (...args) => currentLogger && currentLogger[level](args.map(describe).join(" "));
  globalThis.console = {
    log: consoleLevel("info"),
    info: consoleLevel("info"),
    debug: consoleLevel("debug"),
    warn: consoleLevel("warn"),
    error: consoleLevel("error"),
  };

  const makeHeaders = (pairs) => {
    const lower = {};
    for (const [name, value] of Object.entries(pairs || {})) lower[name.toLowerCase()] = value;
    return {
      get: (name) => (lower[String(name).toLowerCase()] ?? null),
      has: (name) => String(name).toLowerCase() in lower,
      forEach: (callback) => Object.entries(lower).forEach(([name, value]) => callback(value, name)),
      entries: () => Object.entries(lower)[Symbol.iterator](),
      keys: () => Object.keys(lower)[Symbol.iterator](),
      [Symbol.iterator]: () => Object.entries(lower)[Symbol.iterator](),
    };
  };

  // ctx.headers: the names are lower-case (as Node.js and HTTP/2 have them), but a Jitsu function
  // may read Go's canonical form (headers["User-Agent"]); any case answers. Keys, spread and
  // JSON.stringify see the lower-case names.
  const caseless = (headers) =>
    new Proxy(headers, {
      get: (target, name) => (typeof name === "string" ? target[name.toLowerCase()] : target[name]),
      has: (target, name) => (typeof name === "string" ? name.toLowerCase() in target : name in target),
    });

  const makeResponse = (raw) => {
    let used = false;
    const body = () => {
      if (used) return Promise.reject(new TypeError("Body has already been consumed."));
      used = true;
      return Promise.resolve(raw.body);
    };
    return {
      status: raw.status,
      statusText: raw.statusText || "",
      ok: raw.status >= 200 && raw.status < 300,
      url: raw.url,
      redirected: false,
      headers: makeHeaders(raw.headers),
      get bodyUsed() { return used; },
      text: body,
      json: () => body().then((text) => JSON.parse(text)),
    };
  };

  const fetch = (url, options) =>
    new Promise((resolve, reject) => {
      const refused = host.fetch(
        String(url),
        options === undefined ? "{}" : JSON.stringify(options),
        (json) => resolve(makeResponse(JSON.parse(json))),
        (message) => reject(new TypeError(message)),
      );
      if (refused) reject(new SandboxViolation(refused));
    });

  const storeCall = (op, key, value, options) =>
    new Promise((resolve, reject) => {
      const reply = JSON.parse(host.store(op, String(key),
        value === undefined ? null : JSON.stringify(value),
        options === undefined ? null : JSON.stringify(options)));
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(reply.value);
    });

  const store = {
    get: (key) => storeCall("get", key),
    set: (key, value, options) => storeCall("set", key, value, options).then(() => undefined),
    del: (key) => storeCall("del", key).then(() => undefined),
    ttl: (key) => storeCall("ttl", key),
    getWithTTL: (key) => storeCall("getWithTTL", key),
    getOrSet: (key, value, options) => storeCall("getOrSet", key, value, options),
  };

  const isDrop = (result) =>
    result === null || result === false || result === "drop" || (Array.isArray(result) && result.length === 0);

  // The host reads the outcome as a code and a text: "E" with each event's JSON on its own line
  // (JSON.stringify escapes newlines inside strings, so a line is one event), "D" for a drop, "X"
  // with the error. One string crosses to the host per call, and it never parses it again unless
  // it needs the event as a tree.
  const eventJson = (item) => {
    const json = JSON.stringify(item);
    if (typeof json !== "string" || json.charCodeAt(0) !== 123 /* { */) {
      throw new TypeError(`the function returned an event whose JSON form is ${describe(json)}, not an object`);
    }
    return json;
  };

  const encodeResult = (result, event) => {
    if (result === undefined) return eventJson(event);
    if (isDrop(result)) return null;
    if (!Array.isArray(result)) {
      if (result === null || typeof result !== "object") throw notAnEvent(result, -1);
      return eventJson(result);
    }
    result.forEach((item, index) => {
      if (item === null || typeof item !== "object" || Array.isArray(item)) throw notAnEvent(item, index);
    });
    return result.map(eventJson).join("\n");
  };

  const notAnEvent = (item, index) =>
    new TypeError(`the function returned ${describe(item)}${index >= 0 ? ` at index ${index}` : ""}: ` +
      `return an event object, an array of events, or null / false / "drop" to drop the event`);

  const encodeError = (error) => {
    const name = error && error.name;
    const kind = name === "RetryError" || name === "Drop & RetryError" ? "RETRY"
      : name === "SandboxViolation" ? "SANDBOX" : "THROW";
    const message = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${describe(error)}`;
    return JSON.stringify({ kind, message, stack: (error && error.stack) || null });
  };

  const settle = (value, event) => {
    let text;
    try {
      text = encodeResult(value, event);
    } catch (error) {
      host.done("X", encodeError(error));
      return;
    }
    host.done(text === null ? "D" : "E", text);
  };

  // One logger per context: it writes through `host`, which always points at the running call.
  const logger = makeLogger();

  globalThis.__cdp = Object.freeze({
    init(hostBridge) {
      host = hostBridge;
    },
    run(fn, eventJson, contextJson) {
      const event = JSON.parse(eventJson);
      const ctx = JSON.parse(contextJson);
      if (ctx.receivedAt) ctx.receivedAt = new Date(ctx.receivedAt);
      ctx.headers = caseless(ctx.headers || {});
      ctx.log = currentLogger = logger;
      ctx.fetch = fetch;
      ctx.store = store;
      let result;
      try {
        result = fn(event, ctx);
      } catch (error) {
        host.done("X", encodeError(error));
        return;
      }
      Promise.resolve(result).then(
        (value) => settle(value, event),
        (error) => host.done("X", encodeError(error)));
    },
    lib: Object.freeze({ RetryError, NoRetryError }),
  });
  globalThis.RetryError = RetryError;
  globalThis.NoRetryError = NoRetryError;
  globalThis.SandboxViolation = SandboxViolation;
})();
