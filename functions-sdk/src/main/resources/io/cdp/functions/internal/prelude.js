// The guest half of the function runtime, evaluated once in every pooled context before any
// user code. It turns JSON from the host into the (event, ctx) a Jitsu function expects, and the
// function's return value (or error) back into one JSON string for the host. Everything that
// reaches outside the sandbox (fetch, store, logs) goes through the single `host` object the
// Java side hands to init(); the context has no other way out.
//
// Functions of one workspace share the context (realm) this runs in, so a function can replace
// JSON.stringify, Array.prototype.map or Promise.prototype.then for the functions after it. The
// prelude keeps its own copies of every built-in it calls on the way back to the host, taken
// before any function ran: whatever a function does to the built-ins, the host still receives
// well-formed events (one JSON object per line) or an error.
(function () {
  "use strict";

  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const jsonParse = JSON.parse;
  const jsonStringify = JSON.stringify;
  const isArray = Array.isArray;
  const arrayMap = uncurry(Array.prototype.map);
  const arrayJoin = uncurry(Array.prototype.join);
  const arrayForEach = uncurry(Array.prototype.forEach);
  const promiseThen = uncurry(Promise.prototype.then);
  const objectPrototype = Object.prototype;
  const objectCreate = Object.create;
  const reflectGet = Reflect.get;
  const reflectSet = Reflect.set;
  const reflectHas = Reflect.has;
  const reflectDelete = Reflect.deleteProperty;
  const reflectPreventExtensions = Reflect.preventExtensions;
  const stringIncludes = uncurry(String.prototype.includes);
  const stringSlice = uncurry(String.prototype.slice);
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const weakGet = uncurry(WeakMap.prototype.get);
  const weakSet = uncurry(WeakMap.prototype.set);
  const promiseResolve = Promise.resolve.bind(Promise);
  const objectFreeze = Object.freeze;
  const toText = String;

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

  // A limit of the runtime (output size) was passed: reported as such, never retried.
  class LimitExceeded extends Error {
    constructor(message) {
      super(message);
      this.name = "LimitExceeded";
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
  let maxOutputChars = 0;
  let currentLogger = null;

  const describe = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (value === undefined) return "undefined";
    try {
      return jsonStringify(value);
    } catch (_notJson) {
      return String(value);
    }
  };
  const format = (message, args) => [message, ...args].map(describe).join(" ");

  // A log line crosses to the host cut to this many characters (the host keeps 8 KiB of it).
  const MAX_LOG_CHARS = 8192;
  const makeLogger = () => {
    const at = (level) => (message, ...args) => {
      const text = format(message, args);
      host.log(level, text.length > MAX_LOG_CHARS ? text.slice(0, MAX_LOG_CHARS + 1) : text);
    };
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
        options === undefined ? "{}" : jsonStringify(options),
        (json) => resolve(makeResponse(jsonParse(json))),
        (message, limit) => reject(limit ? new LimitExceeded(message) : new TypeError(message)),
      );
      if (refused) reject(new SandboxViolation(refused));
    });

  const storeCall = (op, key, value, options) =>
    new Promise((resolve, reject) => {
      const reply = jsonParse(host.store(op, String(key),
        value === undefined ? null : jsonStringify(value),
        options === undefined ? null : jsonStringify(options)));
      if (reply.error !== undefined) reject(reply.limit ? new LimitExceeded(reply.error) : new Error(reply.error));
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
    result === null || result === false || result === "drop" || (isArray(result) && result.length === 0);

  // The host reads the outcome as a code and a text: "E" with each event's JSON on its own line
  // (JSON.stringify escapes newlines inside strings, so a line is one event), "D" for a drop, "X"
  // with the error. One string crosses to the host per call, and it never parses it again unless
  // it needs the event as a tree.
  let outputChars = 0;
  const eventJson = (item) => {
    const json = item === untouched.proxy && !untouched.parsed() ? untouched.text() : jsonStringify(item);
    if (typeof json !== "string" || json[0] !== "{") {
      throw new TypeError(`the function returned an event whose JSON form is ${describe(json)}, not an object`);
    }
    outputChars += json.length + 1;
    if (outputChars > maxOutputChars) {
      throw new LimitExceeded(`the function's output is over the limit of ${maxOutputChars} characters of JSON ` +
        `(all events of one call together)`);
    }
    return json;
  };

  const encodeResult = (result, event) => {
    outputChars = 0;
    if (result === undefined) return eventJson(event);
    if (isDrop(result)) return null;
    if (!isArray(result)) {
      if (result === null || typeof result !== "object") throw notAnEvent(result, -1);
      return eventJson(result);
    }
    arrayForEach(result, (item, index) => {
      if (item === null || typeof item !== "object" || isArray(item)) throw notAnEvent(item, index);
    });
    return arrayJoin(arrayMap(result, eventJson), "\n");
  };

  const notAnEvent = (item, index) =>
    new TypeError(`the function returned ${describe(item)}${index >= 0 ? ` at index ${index}` : ""}: ` +
      `return an event object, an array of events, or null / false / "drop" to drop the event`);

  const encodeError = (error) => {
    try {
      const name = error && error.name;
      const kind = name === "RetryError" || name === "Drop & RetryError" ? "RETRY"
        : name === "SandboxViolation" ? "SANDBOX" : name === "LimitExceeded" ? "LIMIT" : "THROW";
      const message = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${describe(error)}`;
      const stack = error && error.stack;
      return jsonStringify({ kind, message: toText(message), stack: typeof stack === "string" ? stack : null });
    } catch (_unreadable) {
      return jsonStringify({ kind: "THROW", message: "the function threw an error that cannot be read", stack: null });
    }
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

  // ctx's data fields (props, headers, ua, geo, source, workspace, receivedAt, ...) come from the
  // host as JSON only when the function first touches one of them (or lists ctx's keys): most
  // calls never do, and serialising, parsing and dating them was most of a trivial call's cost.
  // Every way of looking at ctx (get, in, keys, spread, assignment, delete) loads them first, so
  // the function sees the same object as if they had been there from the start. A ctx kept from
  // an earlier call and touched only later cannot load the data of a call that is over.
  let currentCall = 0;
  const reflectOwnKeys = Reflect.ownKeys;
  const reflectDescriptor = Reflect.getOwnPropertyDescriptor;
  const reflectDefine = Reflect.defineProperty;
  const dateOf = (value) => new Date(value);
  const lazyContext = (call) => {
    const target = { log: logger, fetch, store };
    let loaded = false;
    const load = () => {
      if (loaded) return;
      loaded = true;
      if (call !== currentCall) {
        throw new TypeError("this ctx belongs to an earlier call: read what you need from ctx during the call");
      }
      const data = jsonParse(host.context());
      for (const name in data) target[name] = data[name];
      if (target.receivedAt) target.receivedAt = dateOf(target.receivedAt);
      target.headers = caseless(data.headers || {});
    };
    return new Proxy(target, {
      get: (object, name) => {
        if (!loaded && name !== "log" && name !== "fetch" && name !== "store") load();
        return object[name];
      },
      has: (object, name) => { load(); return name in object; },
      ownKeys: (object) => { load(); return reflectOwnKeys(object); },
      getOwnPropertyDescriptor: (object, name) => { load(); return reflectDescriptor(object, name); },
      set: (object, name, value) => { load(); object[name] = value; return true; },
      deleteProperty: (object, name) => { load(); return delete object[name]; },
      defineProperty: (object, name, descriptor) => { load(); return reflectDefine(object, name, descriptor); },
    });
  };

  // The event arrives as JSON text. A function that only adds fields to it (a tag, a timestamp)
  // never looks at what it holds, yet parsing the text and serialising the object again was most
  // of such a call's cost. So the function gets a stand-in: fields set with simple names and
  // plain values are kept aside, and the output is the text as received with those fields added
  // at the end; the first look at what the event may hold (a read or `in` of a name the text
  // holds, keys, spread, JSON.stringify, delete) parses the text, applies what was set, and from
  // then on the stand-in is the parsed event.
  // It takes the shortcut only for a compact object text with no \u escapes and for names that
  // can appear in it only literally, so it never adds a name the text already holds.
  const simpleName = (name) => {
    if (typeof name !== "string" || name.length === 0 || name.length > 64 || name in objectPrototype) return false;
    let digits = true;
    for (let i = 0; i < name.length; i++) {
      const c = charCodeAt(name, i);
      const digit = c >= 48 && c <= 57;
      digits = digits && digit;
      if (!(digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 45)) return false;
    }
    return !digits; // an index-like name is ordered first by JavaScript, not last
  };
  const plainValue = (value) =>
    value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number";
  const compactObject = (json) =>
    json.length >= 2 && json[0] === "{" && json[json.length - 1] === "}" && (json.length === 2 || json[1] === "\"")
    && !stringIncludes(json, "\\u");

  const untouched = { proxy: null, parsed: () => true, text: () => null };
  const MAX_SCANS = 32;
  const lazyEvent = (json, onParse) => {
    if (!compactObject(json)) {
      untouched.proxy = null;
      return jsonParse(json);
    }
    const target = {};
    let added = null;
    let parsed = false;
    // Each answer scans the text: after a few, parsing once is cheaper than scanning again.
    let scans = 0;
    const absent = (name) => ++scans <= MAX_SCANS && simpleName(name) && !stringIncludes(json, `"${name}"`);
    const parse = () => {
      if (parsed) return;
      parsed = true;
      onParse();
      const data = jsonParse(json);
      const names = reflectOwnKeys(data);
      for (let i = 0; i < names.length; i++) {
        reflectDefine(target, names[i],
          { __proto__: null, value: data[names[i]], writable: true, enumerable: true, configurable: true });
      }
      if (added !== null) {
        const names = reflectOwnKeys(added);
        for (let i = 0; i < names.length; i++) reflectSet(target, names[i], added[names[i]]);
        added = null;
      }
    };
    const proxy = new Proxy(target, {
      get: (object, name, receiver) => {
        // A name the text does not hold (such as "then", which every promise that settles with
        // the event looks up) is answered without parsing: the parsed event would not own it.
        if (!parsed && absent(name)) {
          return added !== null && name in added ? added[name] : reflectGet(object, name, receiver);
        }
        parse();
        return reflectGet(object, name, receiver);
      },
      set: (object, name, value, receiver) => {
        if (receiver !== proxy) {
          parse(); // the event is the prototype of the object being written to
          return reflectSet(object, name, value, receiver);
        }
        if (!parsed && plainValue(value) && absent(name)) {
          if (added === null) added = objectCreate(null);
          added[name] = value;
          return true;
        }
        parse();
        return reflectSet(object, name, value);
      },
      has: (object, name) => {
        if (!parsed && absent(name)) return (added !== null && name in added) || reflectHas(object, name);
        parse();
        return reflectHas(object, name);
      },
      ownKeys: (object) => { parse(); return reflectOwnKeys(object); },
      getOwnPropertyDescriptor: (object, name) => { parse(); return reflectDescriptor(object, name); },
      defineProperty: (object, name, descriptor) => { parse(); return reflectDefine(object, name, descriptor); },
      deleteProperty: (object, name) => { parse(); return reflectDelete(object, name); },
      preventExtensions: (object) => { parse(); return reflectPreventExtensions(object); },
    });
    untouched.proxy = proxy;
    untouched.parsed = () => parsed;
    untouched.text = () => {
      if (added === null) return json;
      const fields = stringSlice(jsonStringify(added), 1);
      return json.length === 2 ? "{" + fields : stringSlice(json, 0, json.length - 1) + "," + fields;
    };
    return proxy;
  };

  // A function that looks at its events pays for the stand-in (a proxy in front of every access)
  // on top of the parse. So once a function has looked at an event, its next calls get the parsed
  // event itself; every so often it gets the stand-in again, in case it stopped looking.
  const PLAIN_CALLS = 1000;
  const plainCalls = new WeakMap();
  const eventFor = (fn, json) => {
    const plain = weakGet(plainCalls, fn);
    if (plain > 0) {
      weakSet(plainCalls, fn, plain - 1);
      untouched.proxy = null;
      return jsonParse(json);
    }
    return lazyEvent(json, () => weakSet(plainCalls, fn, PLAIN_CALLS));
  };

  globalThis.__cdp = objectFreeze({
    init(hostBridge, outputLimit) {
      host = hostBridge;
      maxOutputChars = outputLimit;
    },
    run(fn, eventJson) {
      const event = eventFor(fn, eventJson);
      currentLogger = logger;
      const ctx = lazyContext(++currentCall);
      let result;
      try {
        result = fn(event, ctx);
      } catch (error) {
        host.done("X", encodeError(error));
        return;
      }
      promiseThen(promiseResolve(result),
        (value) => settle(value, event),
        (error) => host.done("X", encodeError(error)));
    },
    lib: objectFreeze({ RetryError, NoRetryError }),
  });
  globalThis.RetryError = RetryError;
  globalThis.NoRetryError = NoRetryError;
  globalThis.SandboxViolation = SandboxViolation;
})();
