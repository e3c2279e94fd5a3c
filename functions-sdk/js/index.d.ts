// TypeScript typings of the CDP function contract. It is Jitsu's JitsuFunction contract
// (@jitsu/protocols/functions), so a function written for Jitsu type-checks and runs here.
//
//   /** @type {import("./index").CdpFunction} */
//   export default async function (event, ctx) { return event; }

/** The Segment-shaped event as the client sent it, with the server's messageId and timestamps. */
export type AnyEvent = Record<string, any> & EventControlOpts;
export type AnyProps = Record<string, any>;

/** Fields a function may set on an event to steer what happens to it next. */
export type EventControlOpts = {
  /** The table the event is written to (Jitsu's name); removed from the row itself. */
  JITSU_TABLE_NAME?: string;
  /** Same as JITSU_TABLE_NAME. */
  CDP_TABLE?: string;
};

/** Time to live: seconds, a duration string ("30s", "15m", "12h", "7d", "inf"), or {ttl: seconds}. -1 / "inf": no expiry. Default 31 days. */
export type SetOpts = number | string | { ttl: number | string };

/** A TTL key-value store shared by all functions of a workspace (Redis in the server). Values are JSON. */
export interface Store {
  get(key: string): Promise<any>;
  set(key: string, value: any, opts?: SetOpts): Promise<void>;
  del(key: string): Promise<void>;
  /** Remaining seconds; -1 when the key never expires, -2 when it does not exist. */
  ttl(key: string): Promise<number>;
}

export interface TTLStore extends Store {
  getWithTTL(key: string): Promise<{ value: any; ttl: number } | undefined>;
  /** Stores value only when key is absent; resolves to what is stored afterwards. */
  getOrSet(key: string, value: any, opts?: SetOpts): Promise<any>;
}

export type FetchOpts = {
  method?: string;
  headers?: Record<string, string>;
  /** A string, or an object sent as JSON text. */
  body?: string | Record<string, any>;
};

/** The part of the Fetch API's Response that functions get. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly bodyUsed: boolean;
  readonly headers: {
    get(name: string): string | null;
    has(name: string): boolean;
    forEach(callback: (value: string, name: string) => void): void;
  };
  text(): Promise<string>;
  json(): Promise<any>;
}

/** Only hosts on the allow-list; 2 s timeout; redirects are not followed; every call is logged. */
export type FetchType = (url: string, opts?: FetchOpts) => Promise<FetchResponse>;

export type FunctionLogger = {
  info: (message: string, ...args: any[]) => void;
  warn: (message: string, ...args: any[]) => void;
  debug: (message: string, ...args: any[]) => void;
  error: (message: string, ...args: any[]) => void;
};

/** Parsed User-Agent, the shape of Jitsu's UserAgent. Unknown parts are absent. */
export type UserAgent = {
  browser: { name?: string; version?: string; major?: string };
  engine: { name?: string; version?: string };
  os: { name?: string; version?: string };
  device: {
    model?: string;
    type?: "console" | "mobile" | "tablet" | "smarttv" | "wearable" | "embedded" | "desktop";
    vendor?: string;
  };
  cpu: { architecture?: string };
  bot?: boolean;
};

/** Jitsu's marker for values a database gives with a confidence (0-100; GeoIP2 Insights/Enterprise only). */
export type WithConfidence<T> = T & { confidence?: number };

/**
 * Geo data of the event's context.ip, Jitsu's Geo type (plus English names). Present only when
 * the server (rotor.geoDatabase / CDP_GEO_DATABASE) or `cdp functions test --geo-db` has a
 * MaxMind City or Country database and the address is in it. Looked up before the IP policy
 * reduces or removes context.ip. A Country database gives continent and country only.
 */
export type Geo = {
  continent?: { code: "AF" | "AN" | "AS" | "EU" | "NA" | "OC" | "SA" };
  /** code: ISO 3166-1 alpha-2 ("US"); isEU: member of the European Union. */
  country?: { code: string; name?: string; isEU: boolean };
  /** The first-level subdivision: code is ISO 3166-2 without the country ("WA" for Washington). */
  region?: WithConfidence<{ code: string; name?: string }>;
  city?: WithConfidence<{ name: string }>;
  postalCode?: WithConfidence<{ code: string }>;
  location?: {
    latitude: number;
    longitude: number;
    /** Kilometres around the point the address is likely to be in. */
    accuracyRadius?: number;
    usaData?: { populationDensity?: number; metroCode?: number; averageIncome?: number };
  };
  /** Network facts: in Jitsu's type, never filled here (City and Country databases do not hold them). */
  provider?: {
    as?: { num: number; name?: string };
    connectionType?: string;
    domain: string;
    isAnonymousVpn?: boolean;
    isHostingProvider?: boolean;
    isLegitimateProxy?: boolean;
    isPublicProxy?: boolean;
    isResidentialProxy?: boolean;
    isTorExitNode?: boolean;
    userType?: string;
    isp?: string;
  };
};

/** A destination the bulker writes the function's output to. */
export type Destination = { id: "clickhouse" | "postgres" | string; type: "clickhouse" | "postgres" | string };

export type EventContext = {
  geo?: Geo;
  ua?: UserAgent;
  /**
   * HTTP headers of the request that carried the event; names lower-case, but any case answers
   * (headers["User-Agent"] === headers["user-agent"]). Authorization, Proxy-Authorization and
   * Cookie are never passed on; X-Write-Key is masked. {} when the event did not come over HTTP
   * (a replayed dead letter from ingest, a tool).
   */
  headers: Record<string, string>;
  source?: { id: string; name?: string; type?: "browser" | "s2s" };
  /** Where the output is written first: ClickHouse, which every server writes to. */
  destination?: Destination;
  /** Not in Jitsu: every destination the output is written to (ClickHouse, and PostgreSQL when enabled). */
  destinations?: Destination[];
  /** The source's pipeline to the destination: id "<source id>:clickhouse", name "web → clickhouse", type "batch". */
  connection?: { id: string; name?: string; type?: "batch" };
  workspace?: { id: string; name?: string };
  /** When the server received the event. */
  receivedAt?: Date;
  /** How many times this event was retried after a RetryError. */
  retries?: number;
};

export type FunctionContext<P extends AnyProps = AnyProps> = EventContext & {
  log: FunctionLogger;
  fetch: FetchType;
  store: TTLStore;
  /** The function's configured properties. */
  props: P;
};

/** Returning "drop" is the same as returning null, false or []. */
export type FunctionCommand = "drop";

/**
 * undefined: the event passes (with any changes made to it in place);
 * an object: it replaces the event; an array: one event each (fan-out);
 * null, false, "drop", []: the event is dropped.
 */
export type FuncReturn = AnyEvent[] | AnyEvent | null | undefined | FunctionCommand | false;

export interface CdpFunction<E extends AnyEvent = AnyEvent, P extends AnyProps = AnyProps> {
  (event: E, ctx: FunctionContext<P>): Promise<FuncReturn> | FuncReturn;
}

/** Same contract under Jitsu's name. */
export type JitsuFunction<E extends AnyEvent = AnyEvent, P extends AnyProps = AnyProps> = CdpFunction<E, P>;

/**
 * Throw it to have the event retried later (with back-off, up to the configured number of
 * retries, then it goes to the dead-letter queue). Also importable from "@jitsu/functions-lib".
 */
export declare class RetryError extends Error {
  constructor(message?: string, options?: { drop: boolean });
}

/** An error that must not be retried: the event goes to the dead-letter queue. */
export declare class NoRetryError extends Error {
  constructor(message?: string);
}
