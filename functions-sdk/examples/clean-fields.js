// Renames and cleans fields so the warehouse gets one spelling per fact:
// camelCase property names become snake_case, emails are trimmed and lower-cased,
// and fields that must never be stored (card numbers, passwords) are removed.
const NEVER_STORE = ["password", "card_number", "cvv"];

const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[\s-]+/g, "_").toLowerCase();

export default async function cleanFields(event, { props }) {
  const properties = {};
  for (const [name, value] of Object.entries(event.properties ?? {})) {
    const clean = snake(name);
    if (!NEVER_STORE.includes(clean) && !(props?.drop ?? []).includes(clean)) {
      properties[clean] = typeof value === "string" ? value.trim() : value;
    }
  }
  const traits = { ...(event.traits ?? {}) };
  if (typeof traits.email === "string") {
    traits.email = traits.email.trim().toLowerCase();
  }
  return { ...event, properties, traits };
}
