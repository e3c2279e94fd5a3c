// Benchmark function 2 of 3: a realistic cleaning and enrichment pass, the kind of work most
// functions do: snake_case property names, trimmed strings, a lower-cased email and its domain,
// secrets removed, UTM parameters pulled out of the page URL, and a few derived fields.
const SECRET = new Set(["password", "card_number", "cvv", "ssn"]);
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[\s-]+/g, "_").toLowerCase();

function utm(url) {
  const query = (url || "").split("?")[1] || "";
  const found = {};
  for (const pair of query.split("&")) {
    const [key, value] = pair.split("=");
    if (key && key.startsWith("utm_") && value) found[key.substring(4)] = decodeURIComponent(value);
  }
  return found;
}

export default async function cleanEnrich(event, { props }) {
  const properties = {};
  for (const [name, value] of Object.entries(event.properties || {})) {
    const key = snake(name);
    if (!SECRET.has(key)) properties[key] = typeof value === "string" ? value.trim() : value;
  }
  const traits = { ...(event.traits || {}) };
  if (typeof traits.email === "string") {
    traits.email = traits.email.trim().toLowerCase();
    traits.email_domain = traits.email.split("@")[1] || null;
  }
  const page = event.context && event.context.page ? event.context.page : {};
  const when = new Date(event.timestamp || event.receivedAt || 0);
  return {
    ...event,
    properties,
    traits,
    campaign: utm(page.url),
    day_of_week: when.getUTCDay(),
    hour: when.getUTCHours(),
    is_mobile: /Mobile|Android|iPhone/.test((event.context && event.context.userAgent) || ""),
    revenue_cents: typeof properties.revenue === "number" ? Math.round(properties.revenue * 100) : null,
    env: (props && props.env) || "production",
  };
}
